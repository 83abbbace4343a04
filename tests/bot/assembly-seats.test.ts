import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseBriefing } from '../../src/briefings/parse.js';
import type { Params } from '../../src/i18n/index.js';
import { encodeCallback } from '../../src/telegram/callback-codec.js';
import { ADMIN_ID, createHarness, type Harness } from '../helpers/bot-harness.js';
import { briefingText, SEATS, STATES } from '../helpers/fixtures.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
});
afterEach(async () => {
  await h.close();
});

const READER = 7771;
const HATHRAS = SEATS.hathras.nameHi;
const UP = STATES.up.nameHi;
const SIKANDRA_RAO = 'सिकंदराराऊ';
const hi = (key: string, params?: Params) => h.deps.i18n.t('hi', key, params);

type Keyboard = Array<Array<{ text: string; callback_data: string }>>;
function lastKeyboard(method = 'sendMessage'): Keyboard {
  return (
    (h.sent(method).at(-1)?.payload.reply_markup as { inline_keyboard: Keyboard } | undefined)
      ?.inline_keyboard ?? []
  ).filter((row) => row.length > 0);
}
const lastText = (method = 'sendMessage') => String(h.sent(method).at(-1)?.payload.text ?? '');

describe('assembly seats in the bot (offline bot, real Redis)', () => {
  it('when a new chat opens the deep link ac_UP-A80, then it follows सिकंदराराऊ and is told what else it gets', async () => {
    await h.message(READER, '/start ac_UP-A80');
    expect(await h.deps.subscribers.listAcs(READER)).toEqual(['UP-A80']);
    expect(h.texts(READER)).toEqual([
      `${hi('start.welcome-short')}\n\n${hi('subscribe.added-ac', { ac: SIKANDRA_RAO, pc: HATHRAS, state: UP })}`,
    ]);
    // A code that is no assembly seat, or a PC code written as one, is refused in words.
    await h.message(READER, '/start ac_UP-A999');
    expect(h.texts(READER).at(-1)).toBe(hi('start.bad-link'));
    await h.message(READER, '/start ac_UP-16');
    expect(h.texts(READER).at(-1)).toBe(hi('start.welcome'));
    // /mydata names the assembly seat among what the bot keeps, and the choice that goes with it.
    await h.message(READER, '/mydata');
    expect(h.texts(READER).at(-1)).toContain(
      hi('privacy.seats', { seats: hi('privacy.seat-ac', { ac: SIKANDRA_RAO }) }),
    );
    expect(h.texts(READER).at(-1)).toContain(`✅ ${hi('mysubs.pref-wide')}`);
  });

  it('when a reader picks by state, then Vidhan Sabha leads to the assembly seats and a tap follows one', async () => {
    await h.message(READER, '/start');
    await h.callback(READER, encodeCallback({ kind: 'stateKind', state: 'UP' }));
    expect(lastText('editMessageText')).toBe(hi('subscribe.choose-kind', { state: UP }));
    const acCount = h.deps.catalog.acsOfState('UP').length;
    expect(lastKeyboard('editMessageText').map((r) => r.map((b) => b.callback_data))).toEqual([
      [encodeCallback({ kind: 'state', state: 'UP', page: 0 })],
      [encodeCallback({ kind: 'stateAcs', state: 'UP', page: 0 })],
      [encodeCallback({ kind: 'states', page: 0 })],
    ]);
    expect(lastKeyboard('editMessageText')[1]?.[0]?.text).toBe(hi('subscribe.kind-ac', { count: acCount }));
    // In a Vidhan Sabha election the assembly seats come first.
    await h.message(ADMIN_ID, '/election उत्तर प्रदेश विधानसभा');
    await h.callback(READER, encodeCallback({ kind: 'stateKind', state: 'UP' }));
    expect(lastKeyboard('editMessageText')[0]?.[0]?.callback_data).toBe(
      encodeCallback({ kind: 'stateAcs', state: 'UP', page: 0 }),
    );
    await h.callback(READER, encodeCallback({ kind: 'stateAcs', state: 'UP', page: 0 }));
    expect(lastText('editMessageText')).toBe(hi('subscribe.choose-ac', { state: UP }));
    const seats = lastKeyboard('editMessageText').flat();
    const names = h.deps.catalog
      .acsOfState('UP')
      .map((a) => a.nameHi)
      .sort((a, b) => a.localeCompare(b, 'hi'));
    expect(seats.slice(0, names.length).map((b) => b.text)).toEqual(names);
    expect(seats.find((b) => b.text === SIKANDRA_RAO)?.callback_data).toBe(
      encodeCallback({ kind: 'subAc', ac: 'UP-A80' }),
    );
    await h.callback(READER, encodeCallback({ kind: 'subAc', ac: 'UP-A80' }));
    expect(await h.deps.subscribers.listAcs(READER)).toEqual(['UP-A80']);
    // /stats counts the followers of assembly seats too.
    await h.message(ADMIN_ID, '/stats');
    expect(h.texts(ADMIN_ID).at(-1)).toContain(`<b>${hi('admin.stats-top-acs')}</b>\n1. ${SIKANDRA_RAO}: 1`);
  });

  it('when a reader of an AC and a PC opens /mysubs, then both are listed, removable, and the choices toggle', async () => {
    await h.message(READER, '/start ac_UP-A80');
    await h.message(READER, '/subscribe गाजीपुर');
    await h.message(READER, '/mysubs');
    expect(lastText()).toBe(
      [
        hi('mysubs.title', { count: 2, max: 20 }),
        '',
        hi('mysubs.line', { n: 1, pc: SEATS.ghazipur.nameHi, state: UP }),
        hi('mysubs.line-ac', { n: 2, ac: SIKANDRA_RAO, pc: HATHRAS, state: UP }),
        '',
        hi('mysubs.hint'),
      ].join('\n'),
    );
    const wideOff = encodeCallback({ kind: 'pref', name: 'wide', on: false });
    const acsOn = encodeCallback({ kind: 'pref', name: 'pcAcs', on: true });
    expect(lastKeyboard()).toEqual([
      [
        {
          text: hi('mysubs.remove', { pc: SEATS.ghazipur.nameHi }),
          callback_data: encodeCallback({ kind: 'unsub', pc: 'UP-75' }),
        },
      ],
      [
        {
          text: hi('mysubs.remove', { pc: SIKANDRA_RAO }),
          callback_data: encodeCallback({ kind: 'unsubAc', ac: 'UP-A80' }),
        },
      ],
      [{ text: `✅ ${hi('mysubs.pref-wide')}`, callback_data: wideOff }],
      [{ text: `⬜ ${hi('mysubs.pref-pc-acs')}`, callback_data: acsOn }],
    ]);
    await h.callback(READER, wideOff);
    await h.callback(READER, acsOn);
    expect(await h.deps.subscribers.getPrefs(READER)).toEqual({ wide: false, pcAcs: true });
    expect(
      lastKeyboard('editMessageText')
        .slice(2)
        .map((r) => r[0]?.text),
    ).toEqual([`⬜ ${hi('mysubs.pref-wide')}`, `✅ ${hi('mysubs.pref-pc-acs')}`]);
    await h.callback(READER, encodeCallback({ kind: 'unsubAc', ac: 'UP-A80' }));
    expect(await h.deps.subscribers.listAcs(READER)).toEqual([]);
    // /unsubscribe by name removes the assembly seat, not the PC around it.
    await h.message(READER, '/start ac_UP-A80');
    await h.message(READER, '/subscribe हाथरस');
    await h.message(READER, `/unsubscribe ${SIKANDRA_RAO}`);
    expect(lastText()).toBe(hi('unsubscribe.removed-ac', { ac: SIKANDRA_RAO, state: UP }));
    expect(await h.deps.subscribers.listAcs(READER)).toEqual([]);
    expect(await h.deps.subscribers.listPcs(READER)).toEqual(['UP-16', 'UP-75']);
  });

  it('when an AC reader asks /latest, then the briefings of its PC come along unless they turned that off', async () => {
    await h.message(READER, '/start ac_UP-A80');
    await h.message(READER, '/latest');
    // The standard content has one Hathras briefing (for the whole PC).
    expect(lastText()).toContain('हाथरस: सिकंदराराऊ की काल्पनिक सभा');
    await h.deps.subscribers.setPref(READER, 'wide', false);
    await h.message(READER, '/latest');
    expect(lastText()).not.toContain('हाथरस: सिकंदराराऊ की काल्पनिक सभा');
  });

  it('when an editor broadcasts to सिकंदराराऊ, then the search offers the assembly seat and the preview counts its readers once', async () => {
    await h.message(7001, '/start ac_UP-A80');
    await h.message(7002, '/start ac_UP-A80');
    await h.message(7002, '/subscribe हाथरस');
    await h.message(7003, '/start ac_UP-A79');
    await h.message(ADMIN_ID, '/broadcast');
    await h.callback(ADMIN_ID, encodeCallback({ kind: 'target', scope: 'pc', code: '-' }));
    await h.message(ADMIN_ID, SIKANDRA_RAO);
    const acx = encodeCallback({ kind: 'target', scope: 'acx', code: 'UP-A80' });
    expect(lastKeyboard().flat()).toEqual([
      {
        text: hi('subscribe.follow-pc', { pc: HATHRAS }),
        callback_data: encodeCallback({ kind: 'target', scope: 'pcx', code: 'UP-16' }),
      },
      { text: hi('subscribe.follow-ac', { ac: SIKANDRA_RAO }), callback_data: acx },
    ]);
    await h.callback(ADMIN_ID, acx);
    const label = hi('admin.target-ac', { ac: SIKANDRA_RAO });
    expect(lastText('editMessageText')).toBe(hi('admin.broadcast-ask-message', { target: label }));
    await h.message(ADMIN_ID, 'परीक्षण संदेश (काल्पनिक): सिकंदराराऊ के पाठकों के लिए');
    // 7001 and 7002 follow the AC (7002 also its PC: counted once); 7003 follows Sadabad.
    expect(h.texts(ADMIN_ID).join('\n')).toContain(label);
    expect(await h.deps.delivery.countAudience({ kind: 'pcs', pcs: [], acs: ['UP-A80'] })).toBe(2);
  });

  it('when an editor publishes by an assembly seat’s name, then its own briefings and its PC’s are offered', async () => {
    const parsed = parseBriefing(
      briefingText({ id: 'test-ac80-publish', title: 'सिकंदराराऊ: परीक्षण ब्रीफिंग (काल्पनिक)', acs: ['UP-A80'] }),
      { file: 'test-ac80-publish.md', catalog: h.deps.catalog },
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    await h.deps.briefings.upsert(parsed.briefing);
    await h.message(ADMIN_ID, `/publish ${SIKANDRA_RAO}`);
    const text = h.texts(ADMIN_ID).at(-1) ?? '';
    expect(text.startsWith(hi('admin.publish-choose'))).toBe(true);
    // One button per briefing, by headline; each button names its briefing in its callback data.
    const markup = JSON.stringify(h.sent('sendMessage').at(-1)?.payload.reply_markup ?? {});
    expect(markup).toContain('सिकंदराराऊ: परीक्षण ब्रीफिंग (काल्पनिक)');
    expect(markup).toContain('test-ac80-publish');
    expect(markup).toContain('test-hathras-sabha');
    await h.message(ADMIN_ID, '/publish test-ac80-publish');
    expect(h.texts(ADMIN_ID).join('\n')).toContain(hi('admin.target-ac', { ac: SIKANDRA_RAO }));
  });

  it('when an owner uses /election, then bad input is named, the state is switched, and editors are refused', async () => {
    await h.message(ADMIN_ID, '/election');
    expect(h.texts(ADMIN_ID).at(-1)).toBe(
      `${hi('admin.election-list', { states: hi('admin.election-none') })}\n\n${hi('admin.election-usage')}`,
    );
    await h.message(ADMIN_ID, '/election UP');
    expect(h.texts(ADMIN_ID).at(-1)).toBe(hi('admin.election-usage'));
    await h.message(ADMIN_ID, '/election नार्निया विधानसभा');
    expect(h.texts(ADMIN_ID).at(-1)).toBe(hi('admin.election-unknown-state'));
    await h.message(ADMIN_ID, '/election up vidhan sabha');
    expect(h.texts(ADMIN_ID).at(-1)).toBe(hi('admin.election-set-vs', { state: UP }));
    expect(await h.deps.elections.get('UP')).toBe('vs');
    await h.message(ADMIN_ID, '/election');
    expect(h.texts(ADMIN_ID).at(-1)).toContain(hi('admin.election-list', { states: UP }));
    await h.message(ADMIN_ID, '/election उत्तर प्रदेश लोकसभा');
    expect(await h.deps.elections.get('UP')).toBe('ls');
    // An editor gets what an unknown command gets, and nothing changes.
    await h.deps.editors.add({ id: 8101, name: 'संपादक', addedBy: ADMIN_ID });
    await h.message(8101, '/nosuchcommand');
    const unknown = h.texts(8101).at(-1);
    await h.message(8101, '/election UP विधानसभा');
    expect(h.texts(8101).at(-1)).toBe(unknown);
    expect(await h.deps.elections.get('UP')).toBe('ls');
  });
});
