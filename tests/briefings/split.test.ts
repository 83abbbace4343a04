import { parseTelegramHtml } from '@chunav/bot-api-double';
import { describe, expect, it } from 'vitest';
import { splitTelegramHtml, TELEGRAM_MESSAGE_LIMIT, telegramTextLength } from '../../src/briefings/split.js';
import { createRandom } from '../../src/util/random.js';

const WORDS = [
  'चुनाव',
  'लोकसभा',
  'प्रत्याशी',
  'क्षेत्र',
  'कार्यकर्ताओं',
  'विधायक',
  'जनसभा',
  'मतदान',
  'सिकंदराराऊ',
  'हाथरस',
  'श्रीमती',
  'द्विवेदी',
  '2024',
  'BSP',
  'ज़िला',
  '😀',
  '🇮🇳',
  '👨‍👩‍👧',
  '🗳️',
  '&amp;',
  '&lt;दल&gt;',
  '&quot;बयान&quot;',
  'क्या',
];
const ENDS = ['।', '?', '!', '.', '॥', '।&quot;'];

/** Random Telegram HTML (fictional filler text): paragraphs of sentences with nested formatting and links. */
function randomHtml(next: () => number, paragraphs: number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  const words = (n: number) => Array.from({ length: n }, () => pick(WORDS)).join(' ');
  const sentence = (): string => {
    const r = next();
    const w = words(1 + Math.floor(next() * 12));
    let s: string;
    if (r < 0.12) s = `<b>${w}</b>`;
    else if (r < 0.2) s = `<i>${w} <b>${words(2)}</b> ${words(1)}</i>`;
    else if (r < 0.3)
      s = `${words(2)} <a href="https://example.com/x?a=1&amp;b=${Math.floor(next() * 99)}">${w}</a>`;
    else if (r < 0.34) s = `<u>${w}</u> <s>${words(2)}</s>`;
    else if (r < 0.37) s = `<code>${w}</code>`;
    else s = w;
    return `${s}${pick(ENDS)}`;
  };
  const paragraph = (): string => {
    const body = Array.from({ length: 1 + Math.floor(next() * 14) }, sentence).join(
      next() < 0.1 ? '\n' : ' ',
    );
    const r = next();
    if (r < 0.1) return `<blockquote>${body}</blockquote>`;
    if (r < 0.15) return `<blockquote expandable>${body}</blockquote>`;
    if (r < 0.2) return `<b>${body}</b>`;
    if (r < 0.23) return `${words(3000)}`; // one paragraph with no sentence end at all
    return body;
  };
  return Array.from({ length: paragraphs }, paragraph).join('\n\n');
}

/** A tiny tag-balance check of our own: every close matches the innermost open, nothing left open. */
function balanced(html: string): boolean {
  const stack: string[] = [];
  for (const m of html.matchAll(/<(\/?)([a-z][a-z0-9-]*)[^>]*>/g)) {
    if (m[1]) {
      if (stack.pop() !== m[2]) return false;
    } else stack.push(m[2] as string);
  }
  return stack.length === 0;
}

type Entity = ReturnType<typeof parseTelegramHtml>['entities'][number];
const entityKey = (e: Entity) => (e.type === 'text_link' ? `link:${e.url}` : e.type);

/** For each UTF-16 index of the text, the sorted formatting that covers it. */
function coverage(text: string, entities: readonly Entity[], shift = 0, into: string[][] = []): string[][] {
  for (let i = 0; i < text.length; i++) into[shift + i] ??= [];
  for (const e of entities)
    for (let i = e.offset; i < e.offset + e.length; i++) into[shift + i]?.push(entityKey(e));
  return into;
}

function checkProperties(html: string, limit: number): string[] {
  const parts = splitTelegramHtml(html, limit);
  const whole = parseTelegramHtml(html);
  const parsed = parts.map((p) => parseTelegramHtml(p)); // throws on anything Telegram would refuse
  parts.forEach((p, i) => {
    expect(balanced(p), `part ${i} tags balanced`).toBe(true);
    const text = (parsed[i] as { text: string }).text;
    expect(text.length, `part ${i} within limit`).toBeLessThanOrEqual(limit);
    expect(telegramTextLength(p)).toBe(text.length);
    expect(text.trim().length, `part ${i} not blank`).toBeGreaterThan(0);
  });
  // Joined, the parts give back the text exactly, with the same formatting on every character.
  expect(parsed.map((p) => p.text).join('')).toBe(whole.text);
  const expected = coverage(whole.text, whole.entities).map((k) => k.sort().join(','));
  const got: string[][] = [];
  let shift = 0;
  for (const p of parsed) {
    coverage(p.text, p.entities, shift, got);
    shift += p.text.length;
  }
  expect(got.map((k) => k.sort().join(','))).toEqual(expected);
  // Links are never cut: each link of the original that fits in a message is whole in one part.
  const links = (p: { text: string; entities: Entity[] }) =>
    p.entities
      .filter((e) => e.type === 'text_link' && e.length <= limit)
      .map((e) => `${entityKey(e)}|${p.text.slice(e.offset, e.offset + e.length)}`);
  const wholeLinks = links(whole);
  expect(
    parsed
      .flatMap(links)
      .filter((l) => wholeLinks.includes(l))
      .sort(),
  ).toEqual(wholeLinks.sort());
  return parts;
}

describe('splitTelegramHtml properties', () => {
  const limits = [TELEGRAM_MESSAGE_LIMIT, 1000, 300, 64];
  for (const limit of limits) {
    it(`when long Devanagari HTML with emoji and links is split at ${limit}, then every part is valid, within the limit, and the parts give back the text`, () => {
      let split = 0;
      for (let seed = 1; seed <= 25; seed++) {
        const html = randomHtml(createRandom(seed * 7919 + limit), 4 + (seed % 9));
        const parts = checkProperties(html, limit);
        if (telegramTextLength(html) > limit) {
          expect(parts.length).toBeGreaterThan(1);
          split++;
        }
      }
      // The generator must actually produce texts over the limit, or the test proves nothing.
      expect(split).toBeGreaterThanOrEqual(5);
    });
  }
});

describe('splitTelegramHtml choices', () => {
  const para = (n: number, end = '।') => `${Array.from({ length: n }, () => 'शब्द').join(' ')}${end}`;

  it('when the text fits, then it is returned as it is', () => {
    const html = '<b>हाथरस</b> &amp; गाजीपुर 😀';
    expect(telegramTextLength(html)).toBe(18);
    expect(splitTelegramHtml(html, 18)).toEqual([html]);
    expect(splitTelegramHtml(html, 17)).toHaveLength(2);
  });

  it('when a paragraph break fits in the window, then it splits there rather than at a later sentence end', () => {
    const html = `${para(5)}\n\n${para(5)} ${para(5)} ${para(5)}`;
    const parts = splitTelegramHtml(html, 60);
    expect(parts[0]).toBe(`${para(5)}\n\n`);
  });

  it('when no paragraph break fits, then it splits after the last sentence end (। ? !) that fits', () => {
    const html = `${para(3)} ${para(3, '?')} ${para(6)}`;
    const parts = splitTelegramHtml(html, 45);
    expect(parts[0]).toBe(`${para(3)} ${para(3, '?')} `);
  });

  it('when a sentence is longer than the limit, then it splits between words', () => {
    const parts = splitTelegramHtml(para(30), 50);
    for (const p of parts.slice(0, -1)) expect(p.endsWith(' ')).toBe(true);
    expect(parts.join('')).toBe(para(30));
  });

  it('when one word is longer than the limit, then it splits between grapheme clusters, never inside an emoji', () => {
    const word = 'क्षत्रिय👨‍👩‍👧'.repeat(12);
    const parts = checkProperties(word, 20);
    for (const p of parts) expect(p).not.toMatch(/[\uD800-\uDBFF]$|^[\uDC00-\uDFFF]/);
    expect(parts.every((p) => !p.startsWith('\u200d') && !p.endsWith('\u200d'))).toBe(true);
  });

  it('when a split falls inside formatting, then tags are closed and reopened with their attributes', () => {
    const html = `<blockquote expandable><b>${para(10)} ${para(10)}</b></blockquote>`;
    const parts = checkProperties(html, 60);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(p.startsWith('<blockquote expandable><b>')).toBe(true);
      expect(p.endsWith('</b></blockquote>')).toBe(true);
    }
  });

  it('when a link would straddle the limit, then the whole link moves to the next part', () => {
    const link = '<a href="https://example.com/?q=1&amp;r=2">पूरी खबर यहां पढ़ें</a>';
    // No sentence end before the link, so the last word boundary in the window is inside the link text.
    const words = Array.from({ length: 8 }, () => 'शब्द').join(' ');
    const html = `${words} ${link} ${para(3)}`;
    const parts = checkProperties(html, 45);
    expect(parts[0]).toBe(`${words} `);
    expect(parts[1]?.startsWith(link)).toBe(true);
  });

  it('when a link alone is longer than a message, then it is split like text and reopened', () => {
    const html = `<a href="https://example.com/">${para(40)}</a>`;
    const parts = checkProperties(html, 50);
    for (const p of parts) expect(p.startsWith('<a href="https://example.com/">')).toBe(true);
  });

  it('when the limit is too small to be useful, then it throws', () => {
    expect(() => splitTelegramHtml('क', 4)).toThrow(RangeError);
  });
});

describe('telegramTextLength', () => {
  it.each([
    ['<b>क</b>', 1],
    ['&amp;&lt;&gt;&quot;', 4],
    ['&#128512;', 2],
    ['&nbsp;', 6],
    ['😀', 2],
    ['a & b', 5],
    ['<a href="https://x.y/?a=1&amp;b=2">लिंक</a>', 4],
  ])('counts %s as %i UTF-16 units', (html, n) => {
    expect(telegramTextLength(html)).toBe(n);
  });
});
