import { describe, expect, it } from 'vitest';
import { type AlsoReadCandidate, selectAlsoRead } from '../../src/briefings/also-read.js';
import type { AlsoReadRef, Audience, Briefing } from '../../src/briefings/types.js';

const BOT = 'ChunavTestBot';
const link = (id: string) => `https://t.me/${BOT}?start=b_${id}`;

/** Candidates as plain data; titles are fictional. */
function cand(id: string, audience: Audience, publishedMs: number, tags: string[] = []): AlsoReadCandidate {
  return { id, title: `${id} (परीक्षण हेतु काल्पनिक)`, audience, publishedMs, tags };
}
const pcs = (...codes: string[]): Audience => ({ kind: 'pcs', pcs: codes });

function subject(
  alsoRead: AlsoReadRef[] = [],
  tags: string[] = ['अमर सिंह यादव'],
): Pick<Briefing, 'id' | 'audience' | 'tags' | 'alsoRead'> {
  return { id: 'self', audience: pcs('UP-16'), tags, alsoRead };
}

const ids = (links: { briefingId?: string; url: string }[]) => links.map((l) => l.briefingId ?? l.url);

describe('selectAlsoRead', () => {
  const pool = [
    cand('self', pcs('UP-16'), 9_000),
    cand('same-pc-old', pcs('UP-16'), 1_000),
    cand('same-pc-new', pcs('UP-16', 'UP-17'), 5_000),
    cand('same-state-pc', pcs('UP-75'), 8_000),
    cand('state-wide', { kind: 'state', state: 'UP' }, 7_000),
    cand('other-state-tag', pcs('BR-1'), 6_000, ['अमर सिंह यादव']),
    cand('national', { kind: 'national' }, 10_000),
    cand('national-tag', { kind: 'national' }, 500, [' अमर  सिंह यादव ']),
  ];

  it('when nothing is explicit, then it tops up to three: shared PC (newest first), then same state', () => {
    expect(ids(selectAlsoRead(subject(), pool, { botUsername: BOT }))).toEqual([
      'same-pc-new',
      'same-pc-old',
      'same-state-pc',
    ]);
  });

  it('when explicit links are given, then they come first in file order and the rest is topped up', () => {
    const explicit: AlsoReadRef[] = [
      { kind: 'url', title: 'बाहरी (परीक्षण हेतु काल्पनिक)', url: 'https://example.com/a' },
      { kind: 'briefing', id: 'national' },
    ];
    const links = selectAlsoRead(subject(explicit), pool, { botUsername: BOT });
    expect(ids(links)).toEqual(['https://example.com/a', 'national', 'same-pc-new']);
    expect(links[1]).toEqual({
      title: 'national (परीक्षण हेतु काल्पनिक)',
      url: link('national'),
      briefingId: 'national',
    });
  });

  it('when an explicit briefing also shares the PC, then it is not shown twice', () => {
    const links = selectAlsoRead(subject([{ kind: 'briefing', id: 'same-pc-old' }]), pool, {
      botUsername: BOT,
    });
    expect(ids(links)).toEqual(['same-pc-old', 'same-pc-new', 'same-state-pc']);
  });

  it('when an explicit URL is the deep link of a briefing, then that briefing is not added again', () => {
    const explicit: AlsoReadRef[] = [{ kind: 'url', title: 'क', url: link('same-pc-new') }];
    expect(ids(selectAlsoRead(subject(explicit), pool, { botUsername: BOT }))).toEqual([
      link('same-pc-new'),
      'same-pc-old',
      'same-state-pc',
    ]);
  });

  it('when the briefing names itself or a briefing that is not among the candidates, then those are skipped', () => {
    const explicit: AlsoReadRef[] = [
      { kind: 'briefing', id: 'self' },
      { kind: 'briefing', id: 'gone' },
    ];
    const links = selectAlsoRead(subject(explicit), pool, { botUsername: BOT });
    expect(ids(links)).not.toContain('self');
    expect(ids(links)).not.toContain('gone');
    expect(links).toHaveLength(3);
  });

  it('when there are more explicit links than three, then all explicit ones are kept and nothing is added', () => {
    const explicit: AlsoReadRef[] = ['a', 'b', 'c', 'd'].map((x) => ({
      kind: 'url',
      title: x,
      url: `https://example.com/${x}`,
    }));
    expect(selectAlsoRead(subject(explicit), pool, { botUsername: BOT })).toHaveLength(4);
  });

  it('when PC and state run out, then a shared tag (compared normalized) fills in, newest first', () => {
    const few = pool.filter((c) => !['same-pc-old', 'same-state-pc', 'state-wide'].includes(c.id));
    expect(ids(selectAlsoRead(subject(), few, { botUsername: BOT }))).toEqual([
      'same-pc-new',
      'other-state-tag',
      'national-tag',
    ]);
  });

  it('when nothing is related, then national briefings without a shared tag are not picked', () => {
    const links = selectAlsoRead(subject([], []), [cand('national', { kind: 'national' }, 1)], {
      botUsername: BOT,
    });
    expect(links).toEqual([]);
  });

  it('when two candidates have the same time, then the order is by id, whatever the input order', () => {
    const tie = [cand('b-tie', pcs('UP-16'), 1), cand('a-tie', pcs('UP-16'), 1)];
    expect(ids(selectAlsoRead(subject(), tie, { botUsername: BOT }))).toEqual(['a-tie', 'b-tie']);
    expect(ids(selectAlsoRead(subject(), [...tie].reverse(), { botUsername: BOT }))).toEqual([
      'a-tie',
      'b-tie',
    ]);
  });

  it('when a state-wide briefing is the subject, then briefings of PCs in that state count as same state', () => {
    const s = { id: 'self', audience: { kind: 'state', state: 'UP' } as Audience, tags: [], alsoRead: [] };
    expect(ids(selectAlsoRead(s, pool, { botUsername: BOT }))).toEqual([
      'same-state-pc',
      'state-wide',
      'same-pc-new',
    ]);
  });
});
