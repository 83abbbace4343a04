import { InlineKeyboard } from 'grammy';
import type { UrlButton } from '../../briefings/render.js';

/** Rows of URL buttons (a briefing's "ये भी पढ़ें") as an inline keyboard; undefined when there are none. */
export function urlKeyboard(rows: readonly UrlButton[][] | undefined): InlineKeyboard | undefined {
  if (!rows || rows.length === 0) return undefined;
  const kb = new InlineKeyboard();
  for (const row of rows) kb.row(...row.map((b) => InlineKeyboard.url(b.text, b.url)));
  return kb;
}
