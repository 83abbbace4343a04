import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownToTelegramHtml } from '../../src/briefings/markdown.js';
import { createTagger } from '../../src/catalog/tagger.js';
import { cleanStory, MAX_STORY_BODY, suggestSeats } from '../../src/ingest/draft-fields.js';
import { htmlToBriefingMarkdown, htmlToPlainText } from '../../src/ingest/html.js';
import { parseFeedDocument } from '../../src/ingest/parse.js';
import { testCatalog } from '../helpers/fixtures.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8')
    .replaceAll('{{NOW_RFC822}}', new Date().toUTCString())
    .replaceAll('{{NOW_ISO}}', new Date().toISOString());

describe('HTML to a briefing body', () => {
  it('when the HTML holds a script, a style and a javascript: link, then they are gone and Telegram can show the rest', () => {
    const md = htmlToBriefingMarkdown(
      '<p>यह <b>परीक्षण</b> है।</p><script>alert("x")</script><style>p{}</style>' +
        '<p><a href="javascript:alert(1)">कड़ी</a> और <a href="data:text/html,x">दूसरी</a> और <a href="/rel">तीसरी</a></p>' +
        '<h2>शीर्षक</h2><ul><li>एक</li><li>दो <i>तिरछा</i></li></ul><blockquote><p>उद्धरण</p></blockquote>' +
        '<p># नहीं शीर्षक * तारा [कोष्ठक]</p><img src="https://x.test/a.jpg"><iframe src="https://x.test"></iframe>',
      { base: 'https://news.example.test/story/1' },
    );
    expect(md).not.toMatch(/alert|script|javascript|data:|p\{\}/);
    expect(md).toContain('**परीक्षण**');
    expect(md).toContain('[तीसरी](<https://news.example.test/rel>)');
    expect(md).toContain('कड़ी और दूसरी');
    expect(md).toContain('**शीर्षक**');
    expect(md).toContain('- दो *तिरछा*');
    expect(md).toContain('> उद्धरण');
    const { html, issues } = markdownToTelegramHtml(md);
    expect(issues).toEqual([]);
    expect(html).toContain('<a href="https://news.example.test/rel">तीसरी</a>');
    expect(html).toContain('# नहीं शीर्षक * तारा [कोष्ठक]');
  });

  it.each([
    ['rules and setext underlines', '<p>---</p><p>***</p><p>===</p><p>Title<br>===</p><p>x<br>---</p>'],
    ['list and quote markers', '<p>1. x</p><p>- y</p><p>+ z</p><p>&gt; q</p><p>a<br>2. b</p>'],
    ['bare http, www and e-mail', '<p>http://plain.test/a www.example.com me@example.com ftp://f.test</p>'],
    [
      'nested quotes and lists',
      '<blockquote><blockquote>x</blockquote></blockquote><ul><li>a<ul><li>b</li></ul></li></ul>',
    ],
    ['code with a fence inside', '<pre>code ``` here</pre><code>`x`</code>'],
    [
      'tables and headings with links',
      '<table><tr><td>a</td><td>b</td></tr></table><h2><a href="https://x.test">l</a></h2>',
    ],
  ])('when the HTML has %s, then Telegram can show the Markdown made of it', (_what, html) => {
    const md = htmlToBriefingMarkdown(html, { base: 'https://news.example.test/' });
    expect(md.length).toBeGreaterThan(0);
    expect(markdownToTelegramHtml(md).issues).toEqual([]);
  });

  it('when text is plain, then it comes back as one line with entities decoded and cut at a word', () => {
    expect(htmlToPlainText('<p>एक &amp; दो</p><p>तीन</p><script>x</script>')).toBe('एक & दो तीन');
    expect(htmlToPlainText('शब्द '.repeat(100), 30).length).toBeLessThanOrEqual(30);
    expect(htmlToPlainText('शब्द '.repeat(100), 30).endsWith('…')).toBe(true);
  });
});

describe('feed documents', () => {
  it('when a Hindi RSS feed is parsed, then guid, link, content, date and the https photo come through', () => {
    const feed = parseFeedDocument(fixture('rss-hindi.xml'));
    expect(feed.ok).toBe(true);
    if (!feed.ok) return;
    expect(feed.format).toBe('rss');
    const [first, old] = feed.items;
    expect(first?.key).toBe('g:test-item-hathras-1');
    expect(first?.photoUrl).toBe('https://news.example.test/img/hathras.jpg');
    expect(first?.content).toContain('<script>');
    expect(Math.abs((first?.publishedMs ?? 0) - Date.now())).toBeLessThan(5000);
    expect(old?.publishedMs).toBe(Date.parse('2024-01-01T10:00:00+05:30'));
  });

  it('when an Atom feed has only an http thumbnail, then it has no photo', () => {
    const feed = parseFeedDocument(fixture('atom-hindi.xml'));
    expect(feed.ok && feed.items[0]?.key).toBe('g:urn:test:atom-hathras-1');
    expect(feed.ok && feed.items[0]?.link).toBe('https://news.example.test/atom/hathras-1');
    expect(feed.ok && feed.items[0]?.photoUrl).toBeUndefined();
  });

  it('when a JSON Feed item has no id, then its link is the key', () => {
    const feed = parseFeedDocument(
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: 'परीक्षण',
        items: [{ url: 'https://x.test/1', title: 'परीक्षण', content_text: 'पाठ' }],
      }),
    );
    expect(feed.ok && feed.items[0]?.key).toBe('l:https://x.test/1');
  });

  it('when a feed declares an entity bomb, then nothing is expanded', () => {
    const levels = Array.from({ length: 9 }, (_, i) => `<!ENTITY l${i + 1} "${`&l${i};`.repeat(10)}">`).join(
      '\n',
    );
    const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY l0 "${'ha'.repeat(40)}">\n${levels}]>
<rss version="2.0"><channel><title>&l9;</title><item><title>परीक्षण &l9;</title><guid>bomb-1</guid></item></channel></rss>`;
    const feed = parseFeedDocument(bomb);
    // Expanded, the title alone would be 80 × 10⁹ characters.
    expect(JSON.stringify(feed).length).toBeLessThan(10_000);
  });

  it('when the document is an HTML page, broken XML or empty, then it says which', () => {
    expect(parseFeedDocument('<!DOCTYPE html><html><body>नमस्ते</body></html>')).toEqual({
      ok: false,
      problem: 'not-a-feed',
    });
    expect(parseFeedDocument('<rss><channel><item><title>x</item></rss>')).toEqual({
      ok: false,
      problem: 'malformed',
    });
    expect(parseFeedDocument('   ')).toEqual({ ok: false, problem: 'empty' });
  });
});

describe('stories to draft fields', () => {
  const tagger = createTagger(testCatalog(), { cities: [] });

  it('when an item names हाथरस, then Hathras is suggested, confidently, and the body is clean', () => {
    const feed = parseFeedDocument(fixture('rss-hindi.xml'));
    const item = feed.ok ? feed.items[0] : undefined;
    if (!item) throw new Error('no item');
    const cleaned = cleanStory(item, tagger, { acceptSuggestion: true });
    expect(cleaned.ok).toBe(true);
    if (!cleaned.ok) return;
    expect(cleaned.fields.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(cleaned.fields.audience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(cleaned.suggestion.confident).toBe(true);
    expect(cleaned.fields.body).not.toMatch(/script|alert|javascript/);
    expect(cleaned.fields.photo).toEqual({ kind: 'url', url: 'https://news.example.test/img/hathras.jpg' });
    expect(cleaned.fields.sourceUrl).toBe('https://news.example.test/chunav/hathras-test-1');
    expect(markdownToTelegramHtml(cleaned.fields.body).issues).toEqual([]);
  });

  it('when a text names seats of two states, then the suggestion stands but is not confident', () => {
    const s = suggestSeats(tagger('परीक्षण: हाथरस और वाल्मीकि नगर में प्रचार'));
    expect(s.audience?.kind).toBe('pcs');
    expect(s.confident).toBe(false);
    expect(suggestSeats(tagger('परीक्षण: कोई सीट नहीं'))).toEqual({ audience: undefined, confident: false });
  });

  it('when a story names सिकंदराराऊ, then its AC is suggested with हाथरस only for a state in a Vidhan Sabha election', () => {
    const story = {
      title: 'परीक्षण: सिकंदराराऊ में काल्पनिक सभा',
      description: 'सिकंदराराऊ में एक सभा, जो असल में नहीं हुई।',
      content: '',
    };
    const ls = cleanStory(story, tagger, { acceptSuggestion: true });
    const vs = cleanStory(story, tagger, { acceptSuggestion: true, assemblyStates: new Set(['UP']) });
    const other = cleanStory(story, tagger, { acceptSuggestion: true, assemblyStates: new Set(['UK']) });
    if (!ls.ok || !vs.ok || !other.ok) throw new Error('not cleaned');
    expect(ls.fields.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(other.fields.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(vs.fields.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-16'], acs: ['UP-A80'] });
    // One seat named once: as confident as before, so a trusted feed sends it to both.
    expect(vs.suggestion.confident).toBe(true);
    expect(vs.fields.audience).toEqual(vs.fields.suggestedAudience);
  });

  it('when a story is very long, then whole paragraphs are kept up to the limit and the rest is left to the source', () => {
    const para = `<p>${'परीक्षण का लंबा अनुच्छेद। '.repeat(40)}</p>`;
    const c = cleanStory({ title: 'परीक्षण: लंबी खबर', description: '', content: para.repeat(60) }, tagger);
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    expect(c.fields.body.length).toBeLessThanOrEqual(MAX_STORY_BODY + 3);
    expect(c.fields.body.endsWith('\n\n…')).toBe(true);
    expect(markdownToTelegramHtml(c.fields.body).issues).toEqual([]);
  });

  it('when the review mode asks, then the audience stays unset for the editor', () => {
    const c = cleanStory({ title: 'परीक्षण: हाथरस', description: 'हाथरस में', content: '' }, tagger);
    expect(c.ok && c.fields.audience).toBeUndefined();
    expect(c.ok && c.fields.suggestedAudience).toEqual({ kind: 'pcs', pcs: ['UP-16'] });
    expect(cleanStory({ title: '  ', description: 'x', content: '' }, tagger)).toEqual({
      ok: false,
      problem: 'no-title',
    });
  });
});
