import { parseTelegramHtml } from '@chunav/bot-api-double';
import { describe, expect, it } from 'vitest';
import { markdownToTelegramHtml } from '../../src/briefings/markdown.js';

const html = (md: string) => {
  const r = markdownToTelegramHtml(md);
  expect(r.issues).toEqual([]);
  parseTelegramHtml(r.html); // Telegram must accept it
  return r.html;
};

describe('markdownToTelegramHtml', () => {
  it('renders bold, italic, strike, code and links as Telegram tags', () => {
    expect(html('**मोटा** *तिरछा* ~~कटा~~ `कोड` [लिंक](https://example.com/?a=1&b=2)')).toBe(
      '<b>मोटा</b> <i>तिरछा</i> <s>कटा</s> <code>कोड</code> <a href="https://example.com/?a=1&amp;b=2">लिंक</a>',
    );
  });

  it('separates paragraphs by a blank line and joins soft line breaks with a space', () => {
    expect(html('पहली\nपंक्ति\n\nदूसरा अनुच्छेद')).toBe('पहली पंक्ति\n\nदूसरा अनुच्छेद');
  });

  it('keeps hard line breaks', () => {
    expect(html('पहली  \nदूसरी\\\nतीसरी')).toBe('पहली\nदूसरी\nतीसरी');
  });

  it('renders lists as bullet and numbered lines, nested ones indented', () => {
    expect(html('- एक\n- दो\n  - तीन\n\n3. क\n4. ख')).toBe('• एक\n• दो\n    ◦ तीन\n\n3. क\n4. ख');
  });

  it('renders one level of quotes as a blockquote', () => {
    expect(html('> उद्धरण **मोटा**')).toBe('<blockquote>उद्धरण <b>मोटा</b></blockquote>');
  });

  it('renders fenced code as pre, with a language when given', () => {
    expect(html('```\na < b\n```')).toBe('<pre>a &lt; b</pre>');
    expect(html('```ts\nx\n```')).toBe('<pre><code class="language-ts">x</code></pre>');
  });

  it('escapes text and decodes character references once', () => {
    expect(html('a < b & c > "d" &amp; &#2325; \\*')).toBe('a &lt; b &amp; c &gt; &quot;d&quot; &amp; क *');
  });

  it('makes t.me links https', () => {
    expect(html('[चैनल](t.me/chunav)')).toBe('<a href="https://t.me/chunav">चैनल</a>');
  });

  it('reports what Telegram cannot show, with the body line, and still returns text', () => {
    const r = markdownToTelegramHtml(
      '# शीर्षक\n\nपाठ <u>रेखांकित</u>\n\n![फोटो](https://example.com/p.jpg)\n\n[खाली](https://example.com)[](https://example.com)',
    );
    expect(r.issues.map((i) => [i.line, i.message.split(' ')[0]])).toEqual([
      [1, 'heading'],
      [3, 'raw'],
      [5, 'images'],
      [7, 'link'],
    ]);
    expect(r.html).toContain('<b>शीर्षक</b>');
    expect(r.html).toContain('&lt;u&gt;');
  });
});
