import type { Transformer } from 'grammy';

/** Methods whose `text` Telegram parses (with `entities` as the explicit alternative). */
const TEXT_METHODS: ReadonlySet<string> = new Set(['sendMessage', 'editMessageText']);

/** Methods whose `caption` Telegram parses (with `caption_entities` as the explicit alternative). */
const CAPTION_METHODS: ReadonlySet<string> = new Set([
  'sendPhoto',
  'sendVideo',
  'sendAnimation',
  'sendAudio',
  'sendDocument',
  'sendVoice',
  'sendPaidMedia',
  'copyMessage',
  'editMessageCaption',
]);

/**
 * An API transformer that makes Telegram HTML the default: a text or caption method whose payload says
 * nothing about formatting gets `parse_mode: 'HTML'`, so that call sites do not repeat it.
 *
 * "Says nothing" means the payload has none of the keys `parse_mode` and `entities` (for text) or
 * `caption_entities` (for a caption), not even set to `undefined`: a caller that names one of them has
 * chosen for itself. So an admin's own message relayed with `entities: msg.entities` goes out exactly as
 * written (plain text when it had no entities) instead of being read as HTML. A payload without a `text`
 * or `caption` (a `copyMessage` that keeps the original caption) is left alone, and media groups
 * (per-item captions) are not touched. The payload is copied, never changed in place, because other
 * transformers (auto-retry) send the same object again.
 *
 * Install it with `api.config.use(htmlByDefault)` on every `Api` that sends our texts: the bot's and the
 * workers'.
 */
export const htmlByDefault: Transformer = (prev, method, payload, signal) => {
  const p = payload as Record<string, unknown> | undefined;
  if (p === undefined || 'parse_mode' in p) return prev(method, payload, signal);
  const needsDefault = TEXT_METHODS.has(method)
    ? typeof p.text === 'string' && !('entities' in p)
    : CAPTION_METHODS.has(method) && typeof p.caption === 'string' && !('caption_entities' in p);
  if (!needsDefault) return prev(method, payload, signal);
  return prev(method, { ...payload, parse_mode: 'HTML' } as typeof payload, signal);
};
