import {
  buttonUrlProblem,
  codePointLength,
  DESCRIPTIONS,
  parseMessageText,
  parseTelegramHtml,
  TelegramHtmlError,
  validateReplyMarkup,
} from '@chunav/bot-api-double';
import { describe, expect, it } from 'vitest';

describe('parseTelegramHtml', () => {
  const ok: Array<[string, string, string, unknown[]]> = [
    ['plain text passes through', 'नमस्ते भारत', 'नमस्ते भारत', []],
    [
      'bold and italic',
      '<b>a</b> <i>b</i>',
      'a b',
      [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 2, length: 1 },
      ],
    ],
    [
      'synonyms strong/em/ins/del/strike',
      '<strong>a</strong><em>b</em><ins>c</ins><del>d</del><strike>e</strike>',
      'abcde',
      [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 1, length: 1 },
        { type: 'underline', offset: 2, length: 1 },
        { type: 'strikethrough', offset: 3, length: 1 },
        { type: 'strikethrough', offset: 4, length: 1 },
      ],
    ],
    [
      'nesting: outer entity first (longer), inner after',
      '<b>x <i>y</i> z</b>',
      'x y z',
      [
        { type: 'bold', offset: 0, length: 5 },
        { type: 'italic', offset: 2, length: 1 },
      ],
    ],
    [
      'same range sorted by Telegram priority (bold before italic)',
      '<i><b>x</b></i>',
      'x',
      [
        { type: 'bold', offset: 0, length: 1 },
        { type: 'italic', offset: 0, length: 1 },
      ],
    ],
    ['the four named entities and numeric ones', '&lt;&gt;&amp;&quot;&#65;&#x42;', '<>&"AB', []],
    ['an entity without semicolon still decodes', '&lt b', '< b', []],
    ['a bare ampersand and unknown entities stay literal', 'AT&T &nbsp; &copy;', 'AT&T &nbsp; &copy;', []],
    ['&#X (capital X) is not hex: literal', '&#X41;', '&#X41;', []],
    [
      'links, with entities decoded in href',
      '<a href="https://eci.gov.in/?a=1&amp;b=2">ECI</a>',
      'ECI',
      [{ type: 'text_link', offset: 0, length: 3, url: 'https://eci.gov.in/?a=1&b=2' }],
    ],
    [
      'a link without scheme becomes http',
      "<a href='eci.gov.in'>x</a>",
      'x',
      [{ type: 'text_link', offset: 0, length: 1, url: 'http://eci.gov.in/' }],
    ],
    [
      'a without href links to its own text',
      '<a>https://t.me/x</a>',
      'https://t.me/x',
      [{ type: 'text_link', offset: 0, length: 14, url: 'https://t.me/x' }],
    ],
    [
      'tg://user link is a text_mention',
      '<a href="tg://user?id=42">Ram</a>',
      'Ram',
      [{ type: 'text_mention', offset: 0, length: 3, user: { id: 42, is_bot: false, first_name: '' } }],
    ],
    ['a javascript: link is dropped, text kept', '<a href="javascript:alert(1)">x</a>', 'x', []],
    [
      'pre with code language',
      '<pre><code class="language-ts">let x</code></pre>',
      'let x',
      [{ type: 'pre', offset: 0, length: 5, language: 'ts' }],
    ],
    [
      'lone code drops its language',
      '<code class="language-ts">x</code>',
      'x',
      [{ type: 'code', offset: 0, length: 1 }],
    ],
    [
      'spoilers in both spellings',
      '<tg-spoiler>a</tg-spoiler><span class="tg-spoiler">b</span>',
      'ab',
      [
        { type: 'spoiler', offset: 0, length: 1 },
        { type: 'spoiler', offset: 1, length: 1 },
      ],
    ],
    [
      'blockquote and expandable blockquote',
      '<blockquote>a</blockquote><blockquote expandable>b</blockquote>',
      'ab',
      [
        { type: 'blockquote', offset: 0, length: 1 },
        { type: 'expandable_blockquote', offset: 1, length: 1 },
      ],
    ],
    [
      'custom emoji',
      '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
      '👍',
      [{ type: 'custom_emoji', offset: 0, length: 2, custom_emoji_id: '5368324170671202286' }],
    ],
    ['empty entities are dropped', '<b></b>x', 'x', []],
    ['tag names are case-insensitive', '<B>x</B>', 'x', [{ type: 'bold', offset: 0, length: 1 }]],
    ['</> closes the open tag', '<b>x</>', 'x', [{ type: 'bold', offset: 0, length: 1 }]],
    [
      'offsets count UTF-16 units: emoji are 2, Devanagari 1 each',
      '🗳️ <b>हाथरस</b>',
      '🗳️ हाथरस',
      [{ type: 'bold', offset: 4, length: 5 }],
    ],
    [
      'numeric entity above the BMP counts 2',
      '&#128499;<b>x</b>',
      '🗳x',
      [{ type: 'bold', offset: 2, length: 1 }],
    ],
  ];
  it.each(ok)('when %s, then it parses', (_name, html, text, entities) => {
    expect(parseTelegramHtml(html)).toEqual({ text, entities });
  });

  const bad: Array<[string, string, string]> = [
    ['an unsupported tag', '<p>x</p>', 'Unsupported start tag "p" at byte offset 0'],
    ['br is not supported', 'a<br>b', 'Unsupported start tag "br" at byte offset 1'],
    ['a lone < (user text not escaped)', 'a < b', 'Unsupported start tag "" at byte offset 2'],
    [
      'byte offsets are UTF-8 bytes (Devanagari is 3 each)',
      'हा<p>',
      'Unsupported start tag "p" at byte offset 6',
    ],
    ['an unclosed tag', '<b>x', `Can't find end tag corresponding to start tag "b"`],
    [
      'crossed nesting',
      '<b><i>x</b></i>',
      'Unmatched end tag at byte offset 7, expected "</i>", found "</b>"',
    ],
    ['an end tag with nothing open', 'x</b>', 'Unexpected end tag at byte offset 1'],
    ['a start tag cut off', 'x <b', 'Unclosed start tag at byte offset 2'],
    ['an attribute value cut off', '<a href="x', 'Unclosed start tag at byte offset 0'],
    ['span without tg-spoiler', '<span>x</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'],
    ['tg-emoji without id', '<tg-emoji>x</tg-emoji>', 'Invalid custom emoji identifier specified'],
    ['a broken name token', '<a href=x"y>z</a>', 'Unexpected end of name token at byte offset 8'],
    [
      'a lone surrogate entity',
      '&#xD800;',
      'Text contains invalid Unicode characters after decoding HTML entities, check for unmatched surrogate code units',
    ],
  ];
  it.each(bad)('when %s, then it throws Telegram’s message', (_name, html, message) => {
    expect(() => parseTelegramHtml(html)).toThrow(new TelegramHtmlError(message));
  });
});

describe('parseMessageText (what sendMessage checks)', () => {
  it('when text is empty or only whitespace or empty tags, then "message text is empty"', () => {
    for (const text of [undefined, '', '   \n ', '<b></b>']) {
      expect(() => parseMessageText(text, text === '<b></b>' ? 'HTML' : undefined)).toThrow(
        DESCRIPTIONS.textEmpty,
      );
    }
  });

  it('when HTML is invalid, then the Bot API prefix is added', () => {
    expect(() => parseMessageText('<p>x</p>', 'HTML')).toThrow(
      'Bad Request: can\'t parse entities: Unsupported start tag "p" at byte offset 0',
    );
  });

  it('when trailing whitespace follows, then it is trimmed and entities are clipped', () => {
    expect(parseMessageText('  <b>x  </b>\n\n', 'HTML')).toEqual({
      text: 'x',
      entities: [{ type: 'bold', offset: 0, length: 1 }],
    });
  });

  it('when tags make the raw text longer than 4096, then only the parsed length counts', () => {
    const html = `<b>${'क'.repeat(4096)}</b>`;
    expect(parseMessageText(html, 'HTML').text).toHaveLength(4096);
    expect(() => parseMessageText(`${html}x`, 'HTML')).toThrow(DESCRIPTIONS.tooLong);
  });

  it('when emoji push UTF-16 length over 4096, then Telegram (code points) accepts and utf16 mode refuses', () => {
    const text = `${'🗳'.repeat(2048)}${'a'.repeat(100)}`; // 2148 code points, 4196 UTF-16 units
    expect(codePointLength(text)).toBe(2148);
    expect(parseMessageText(text, undefined).text).toBe(text);
    expect(() => parseMessageText(text, undefined, { lengthUnit: 'utf16' })).toThrow(DESCRIPTIONS.tooLong);
  });
});

describe('reply markup', () => {
  it('when callback_data is 1..64 bytes, then it passes; 0 or 65 bytes, then BUTTON_DATA_INVALID', () => {
    const markup = (data: string) => ({ inline_keyboard: [[{ text: 'x', callback_data: data }]] });
    expect(() => validateReplyMarkup(markup('a'.repeat(64)))).not.toThrow();
    // 22 Devanagari letters are 66 bytes though only 22 characters
    expect(() => validateReplyMarkup(markup('क'.repeat(22)))).toThrow(DESCRIPTIONS.buttonDataInvalid);
    expect(() => validateReplyMarkup(markup('a'.repeat(65)))).toThrow(DESCRIPTIONS.buttonDataInvalid);
    expect(() => validateReplyMarkup(markup(''))).toThrow(DESCRIPTIONS.buttonDataInvalid);
  });

  it('when a URL button has a bad URL, then Telegram’s reason is given', () => {
    expect(buttonUrlProblem('https://eci.gov.in/results')).toBeUndefined();
    expect(buttonUrlProblem('tg://resolve?domain=x')).toBeUndefined();
    expect(buttonUrlProblem('http://localhost:3000')).toBe('Wrong HTTP URL');
    expect(buttonUrlProblem('ftp://eci.gov.in')).toBe('Unsupported URL protocol');
    expect(() =>
      validateReplyMarkup({ inline_keyboard: [[{ text: 'x', url: 'http://localhost' }]] }),
    ).toThrow("Bad Request: inline keyboard button URL 'http://localhost' is invalid: Wrong HTTP URL");
  });

  it('when a button has no action, then text buttons are refused in inline keyboards', () => {
    expect(() => validateReplyMarkup({ inline_keyboard: [[{ text: 'x' }]] })).toThrow(
      "Bad Request: can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard",
    );
    expect(() => validateReplyMarkup('nope')).toThrow(
      "Bad Request: can't parse reply keyboard markup JSON object",
    );
    expect(() => validateReplyMarkup({ keyboard: [['हाँ', { text: 'नहीं' }]] })).not.toThrow();
  });
});
