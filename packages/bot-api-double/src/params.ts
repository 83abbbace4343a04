import { ApiError, badRequest } from './errors.js';

/** Method parameters as received: JSON values, or strings from a query string / urlencoded form. */
export type Params = Record<string, unknown>;

/** Largest request body the double reads (Telegram's own limit for non-file requests is far lower). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Query-string or urlencoded parameters; every value stays a string, as Telegram receives them. */
export function parseUrlEncoded(text: string): Params {
  const params: Params = {};
  if (text === '') return params;
  for (const [key, value] of new URLSearchParams(text)) params[key] = value;
  return params;
}

/**
 * Parses a request body by its content type: JSON or urlencoded form. Multipart (file uploads) is not
 * supported by the double and is answered with a 400 that says so.
 */
export function parseBody(contentType: string | undefined, body: string): Params {
  if (body === '') return {};
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') return parseUrlEncoded(body);
  if (type === 'multipart/form-data') {
    throw badRequest('multipart/form-data is not supported by the Bot API double (send JSON)');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw badRequest(`can't parse JSON encoded request: ${(err as Error).message}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw badRequest("can't parse JSON encoded request: the body must be an object");
  }
  return parsed as Params;
}

/** A string parameter, or undefined when absent; numbers are turned into their decimal text. */
export function optString(params: Params, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw badRequest(`field "${name}" must be of type String`);
}

/** An integer parameter (number or decimal string), or undefined when absent or empty. */
export function optInt(params: Params, name: string): number | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`invalid ${name} specified`);
  return n;
}

/** A boolean parameter: true / "true" / 1 / "1" are true; absent is undefined. */
export function optBool(params: Params, name: string): boolean | undefined {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value === 'true' || value === '1' || value === 'True';
  return Boolean(value);
}

/**
 * A structured parameter (reply_markup, allowed_updates, ...): objects pass through, strings are
 * parsed as JSON, as Telegram does for form-encoded requests. `onError` is the 400 description.
 */
export function optJson(params: Params, name: string, onError: string): unknown {
  const value = params[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    throw badRequest(onError);
  }
}

/**
 * The chat_id parameter. Telegram also accepts "@channelusername"; the double knows no usernames, so
 * those are "chat not found".
 */
export function requireChatId(params: Params, name = 'chat_id'): number {
  const value = params[name];
  if (value === undefined || value === null || value === '') throw badRequest(`${name} is empty`);
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : Number.NaN;
  if (!Number.isSafeInteger(n) || n === 0) throw new ApiError(400, 'Bad Request: chat not found');
  return n;
}

/** A required message_id. */
export function requireMessageId(params: Params, name = 'message_id'): number {
  const id = optInt(params, name);
  if (id === undefined) throw badRequest('message identifier is not specified');
  return id;
}
