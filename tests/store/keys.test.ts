import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createKeys, keyParts } from '../../src/store/keys.js';

/** Every .ts file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) ? [path] : [];
  });
}

describe('store keys', () => {
  it('when a key is built, then it is exactly the stored layout (existing data must keep working)', () => {
    const k = createKeys('chunav');
    expect({
      chat: k.chat(42),
      chatPcs: k.chatPcs(42),
      pcChats: k.pcChats('UP-16'),
      pcCounts: k.pcCounts,
      chats: k.chats,
      inactive: k.inactive,
      digestSlot: k.digestSlot('07:00'),
      briefing: k.briefing('b-1'),
      briefingsAll: k.briefingsAll,
      briefingsPc: k.briefingsPc('UP-16'),
      briefingsState: k.briefingsState('UP'),
      briefingsNational: k.briefingsNational,
      briefingsInState: k.briefingsInState('UP'),
      briefingsTag: k.briefingsTag('  हाथरस '),
      delivery: k.delivery('d1'),
      deliveryPending: k.deliveryPending('d1'),
      deliveryGroup: k.deliveryGroup('d1', 7),
      deliveryFinished: k.deliveryFinished('d1'),
      deliveryReasons: k.deliveryReasons('d1'),
      sent: k.sent('b-x'),
      deliveries: k.deliveries,
      deliveriesActive: k.deliveriesActive,
      deliveriesScheduled: k.deliveriesScheduled,
      progressShown: k.progressShown,
      pace: k.pace,
      progressLock: k.progressLock,
      draft: k.draft('ab12'),
      adminAwait: k.adminAwait(7),
      audit: k.audit,
      editors: k.editors,
      deskDraft: k.deskDraft('k3x9ab'),
      deskDrafts: k.deskDrafts,
      deskDraftOrigin: k.deskDraftOrigin('feed:site:x1'),
      digestRun: k.digestRun('2024-05-20', '0700'),
      digestSetupLock: k.digestSetupLock,
      update: k.update(123, 456),
      flood: k.flood(7),
      deskLink: k.deskLink('ab'),
      deskSession: k.deskSession('cd'),
      deskSessions: k.deskSessions,
      statsDay: k.statsDay('2026-11-30'),
      bull: k.bull,
    }).toEqual({
      chat: 'chunav:chat:42',
      chatPcs: 'chunav:chat:42:pcs',
      pcChats: 'chunav:pc:UP-16:chats',
      pcCounts: 'chunav:pc-counts',
      chats: 'chunav:chats',
      inactive: 'chunav:chats:inactive',
      digestSlot: 'chunav:digest-slot:07:00',
      briefing: 'chunav:briefing:b-1',
      briefingsAll: 'chunav:briefings:all',
      briefingsPc: 'chunav:briefings:pc:UP-16',
      briefingsState: 'chunav:briefings:state:UP',
      briefingsNational: 'chunav:briefings:national',
      briefingsInState: 'chunav:briefings:in-state:UP',
      briefingsTag: 'chunav:briefings:tag:हाथरस',
      delivery: 'chunav:delivery:d1',
      deliveryPending: 'chunav:delivery:d1:pending',
      deliveryGroup: 'chunav:delivery:d1:g:7',
      deliveryFinished: 'chunav:delivery:d1:finished',
      deliveryReasons: 'chunav:delivery:d1:reasons',
      sent: 'chunav:sent:b-x',
      deliveries: 'chunav:deliveries',
      deliveriesActive: 'chunav:deliveries:active',
      deliveriesScheduled: 'chunav:deliveries:scheduled',
      progressShown: 'chunav:progress-shown',
      pace: 'chunav:pace',
      progressLock: 'chunav:progress-lock',
      draft: 'chunav:draft:ab12',
      adminAwait: 'chunav:admin-await:7',
      audit: 'chunav:audit',
      editors: 'chunav:editors',
      deskDraft: 'chunav:desk-draft:k3x9ab',
      deskDrafts: 'chunav:desk-drafts',
      deskDraftOrigin: 'chunav:desk-draft-origin:feed:site:x1',
      digestRun: 'chunav:digest-run:2024-05-20:0700',
      digestSetupLock: 'chunav:digest:setup-lock',
      update: 'chunav:upd:123:456',
      flood: 'chunav:flood:7',
      deskLink: 'chunav:desk:link:ab',
      deskSession: 'chunav:desk:session:cd',
      deskSessions: 'chunav:desk:sessions',
      statsDay: 'chunav:stats:day:2026-11-30',
      bull: 'chunav:bull',
    });
  });

  it('when a template is split for Lua, then head .. value .. tail is the key', () => {
    const k = createKeys('p');
    const pc = keyParts(k.pcChats);
    expect(pc).toEqual({ head: 'p:pc:', tail: ':chats' });
    expect(`${pc.head}UP-16${pc.tail}`).toBe(k.pcChats('UP-16'));
    expect(keyParts(k.briefingsState)).toEqual({ head: 'p:briefings:state:', tail: '' });
    expect(() => keyParts((v) => `p:${v}:${v}`)).toThrow(/single parameter/);
    expect(() => keyParts(() => 'p:fixed')).toThrow(/single parameter/);
  });

  it('when the program builds a Redis key, then it is built in store/keys.ts and nowhere else', () => {
    const offenders: string[] = [];
    for (const file of sources('src')) {
      if (file === join('src', 'store', 'keys.ts')) continue;
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          // `${prefix}:…`, `${deps.keyPrefix}:…`, prefix + ':…': a key template outside keys.ts.
          if (/`\$\{[\w.]*[pP]refix\}:|[pP]refix \+ ['"`]:/.test(line)) {
            offenders.push(`${file}:${i + 1}: ${line.trim()}`);
          }
        });
    }
    expect(offenders).toEqual([]);
  });

  it('when the program runs Lua, then it is through the store commands, never a raw EVAL or EVALSHA', () => {
    const offenders = sources('src').filter((file) => /\.(eval|evalsha)\(/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
