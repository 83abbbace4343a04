import type { MessageEntity } from 'grammy/types';
import { describe, expect, it } from 'vitest';
import {
  briefingTextFrom,
  entitiesToMarkdown,
  joinEntityTexts,
  sliceEntityText,
  summaryOf,
  takeImageUrl,
} from '../../src/briefings/from-entities.js';
import { markdownToTelegramHtml } from '../../src/briefings/markdown.js';

/** The entity over the first occurrence of `part` in `text`, in UTF-16 units as Telegram counts. */
function on(text: string, part: string, type: MessageEntity['type'], extra: object = {}): MessageEntity {
  const offset = text.indexOf(part);
  if (offset < 0) throw new Error(`"${part}" not in text`);
  return { type, offset, length: part.length, ...extra } as MessageEntity;
}

/** What readers get: the Markdown rendered to Telegram HTML, with no problem reported. */
function shown(text: string, entities: MessageEntity[]): string {
  const { html, issues } = markdownToTelegramHtml(entitiesToMarkdown(text, entities));
  expect(issues).toEqual([]);
  return html;
}

describe('Telegram entities to a briefing body', () => {
  it('when bold, italic, underline and strikethrough sit after emoji and Devanagari, then each covers exactly its words', () => {
    const text = '😀 हाथरस 🗳️ में मतदान शांतिपूर्ण रहा, भीड़ कम थी';
    const html = shown(text, [
      on(text, 'शांतिपूर्ण', 'bold'),
      on(text, 'भीड़', 'italic'),
      on(text, 'कम', 'underline'),
      on(text, 'थी', 'strikethrough'),
    ]);
    expect(html).toBe('😀 हाथरस 🗳️ में मतदान <b>शांतिपूर्ण</b> रहा, <i>भीड़</i> <i>कम</i> <s>थी</s>');
  });

  it('when styles nest or span lines, then the nesting and every line are kept', () => {
    const text = 'पहली पंक्ति बोल्ड\nदूसरी भी';
    const html = shown(text, [{ type: 'bold', offset: 0, length: text.length }, on(text, 'बोल्ड', 'italic')]);
    expect(html).toBe('<b>पहली पंक्ति <i>बोल्ड</i></b>\n<b>दूसरी भी</b>');
  });

  it('when a bold span starts or ends with a space, then it is still bold (Markdown ignores "** x**")', () => {
    const text = 'नतीजे  आज शाम  आएंगे';
    expect(shown(text, [{ type: 'bold', offset: 6, length: 9 }])).toBe('नतीजे  <b>आज शाम</b>  आएंगे');
  });

  it('when a text link and a bare https URL are sent, then both are links; an http link stays as text', () => {
    const text = 'पूरी खबर यहां पढ़ें, स्रोत https://example.com/a_b और http://example.org';
    const entities = [
      on(text, 'यहां', 'text_link', { url: 'https://example.com/report_(1)' }),
      on(text, 'https://example.com/a_b', 'url'),
      on(text, 'http://example.org', 'url'),
    ];
    const md = entitiesToMarkdown(text, entities);
    const { html } = markdownToTelegramHtml(md);
    expect(html).toContain('<a href="https://example.com/report_(1)">यहां</a>');
    expect(html).toContain('<a href="https://example.com/a_b">https://example.com/a_b</a>');
    expect(html).toContain('http://example.org');
    expect(html).not.toContain('href="http://');
  });

  it('when quotes (plain and expandable) sit inside a text, then each is a quote of its own lines', () => {
    const text = 'उन्होंने कहा:\nहम जीतेंगे\nपूरी ताकत से\nबाद की बात\nदूसरा उद्धरण';
    const html = shown(text, [
      on(text, 'हम जीतेंगे\nपूरी ताकत से', 'blockquote'),
      on(text, 'दूसरा उद्धरण', 'expandable_blockquote'),
    ]);
    expect(html).toBe(
      'उन्होंने कहा:\n\n<blockquote>हम जीतेंगे\nपूरी ताकत से</blockquote>\n\nबाद की बात\n\n<blockquote>दूसरा उद्धरण</blockquote>',
    );
  });

  it('when code and a code block are sent, then they stay code, backticks and all', () => {
    const text = 'कमांड `x` देखें\nconst a = `b`;';
    const html = shown(text, [
      on(text, 'कमांड `x`', 'code'),
      on(text, 'const a = `b`;', 'pre', { language: 'js' }),
    ]);
    expect(html).toBe(
      '<code>कमांड `x`</code> देखें\n\n<pre><code class="language-js">const a = `b`;</code></pre>',
    );
  });

  it('when plain text looks like Markdown (lists, headings, stars, brackets), then readers see it as typed', () => {
    const text = '- एक\n1. दो\n# तीन\n    चार *पांच* [छह](https://x.y) _सात_ <b>आठ</b> 5 > 3';
    expect(shown(text, [])).toBe(
      // A bare https address is a link, as Telegram shows it too.
      '- एक\n1. दो\n# तीन\nचार *पांच* [छह](<a href="https://x.y">https://x.y</a>) _सात_ &lt;b&gt;आठ&lt;/b&gt; 5 &gt; 3',
    );
  });

  it('when there are line breaks and blank lines, then lines stay lines and blank lines make paragraphs', () => {
    expect(shown('एक\nदो\n\nतीन', [])).toBe('एक\nदो\n\nतीन');
  });

  it('when an entity offset falls inside an emoji (malformed), then the whole emoji is kept', () => {
    const text = 'a😀b';
    const md = entitiesToMarkdown(text, [{ type: 'bold', offset: 2, length: 2 }]);
    expect(md).toBe('a**😀b**');
  });

  it('when a text is sliced and joined, then entities move with their words', () => {
    const src = { text: '😀 एक दो', entities: [{ type: 'bold', offset: 3, length: 2 } as MessageEntity] };
    const tail = sliceEntityText(src, 3);
    expect(tail).toEqual({ text: 'एक दो', entities: [{ type: 'bold', offset: 0, length: 2 }] });
    const joined = joinEntityTexts([src, tail]);
    expect(entitiesToMarkdown(joined.text, joined.entities)).toBe('😀 **एक** दो\n\n**एक** दो');
  });
});

describe('title, summary and photo from an editor text', () => {
  it('when a Hindi text is sent, then the first line is the title and the next sentences the summary', () => {
    const text = 'परीक्षण: सिकंदराराऊ में रैली\nआज सिकंदराराऊ में रैली हुई। भीड़ जुटी! फिर सब घर गए।';
    const r = briefingTextFrom({ text, entities: [on(text, 'रैली हुई', 'bold')] });
    expect(r.title).toBe('परीक्षण: सिकंदराराऊ में रैली');
    expect(r.summary).toBe('आज सिकंदराराऊ में रैली हुई। भीड़ जुटी!');
    expect(r.body).toBe('आज सिकंदराराऊ में **रैली हुई**। भीड़ जुटी! फिर सब घर गए।');
  });

  it('when the first sentence is long, then the summary is that sentence alone', () => {
    const first = `${'लंबा वाक्य '.repeat(10).trim()}।`;
    expect(summaryOf(`${first} दूसरा वाक्य।`)).toBe(first);
  });

  it('when English sentences end with full stops and a number has a dot, then sentences split at the stop', () => {
    expect(summaryOf('Turnout was 61.5 per cent. Polling ended at six. More later.')).toBe(
      'Turnout was 61.5 per cent. Polling ended at six.',
    );
  });

  it('when a text has one line, then it is title and body at once', () => {
    const r = briefingTextFrom({ text: 'परीक्षण: एक पंक्ति की खबर' });
    expect(r).toEqual({
      title: 'परीक्षण: एक पंक्ति की खबर',
      summary: 'परीक्षण: एक पंक्ति की खबर',
      body: 'परीक्षण: एक पंक्ति की खबर',
    });
  });

  it('when an https image link stands alone on a line, then it is taken as the photo and the rest kept', () => {
    const text = 'शीर्षक\nhttps://example.com/photo.jpg\nबाकी पाठ';
    const r = takeImageUrl({ text, entities: [on(text, 'बाकी', 'bold')] });
    expect(r.url).toBe('https://example.com/photo.jpg');
    expect(r.rest.text).toBe('शीर्षक\nबाकी पाठ');
    expect(entitiesToMarkdown(r.rest.text, r.rest.entities)).toBe('शीर्षक\\\n**बाकी** पाठ');
    expect(takeImageUrl({ text: 'देखें https://example.com/photo.jpg' }).url).toBeUndefined();
    expect(takeImageUrl({ text: 'http://example.com/photo.jpg' }).url).toBeUndefined();
  });
});
