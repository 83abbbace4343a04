import { createHash } from 'node:crypto';
import busboy from 'busboy';
import { ApiError, badRequest } from './errors.js';

/** Method parameters as received: JSON values, or strings from a query string / urlencoded form. */
export type Params = Record<string, unknown>;

/** Largest request body the double reads (Telegram's own limit for non-file requests is far lower). */
export const MAX_BODY_BYTES = 12 * 1024 * 1024;

/** Query-string or urlencoded parameters; every value stays a string, as Telegram receives them. */
export function parseUrlEncoded(text: string): Params {
  const params: Params = {};
  if (text === '') return params;
  for (const [key, value] of new URLSearchParams(text)) params[key] = value;
  return params;
}

/** Whether a request carries multipart/form-data (a file upload). */
export function isMultipart(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() === 'multipart/form-data';
}

/**
 * A multipart/form-data body (a file upload), parsed by busboy (lenient as Telegram is: grammY writes
 * its part headers without spaces and its file names unquoted, which Node's own FormData parser refuses). Text parts
 * become parameters as Telegram receives them; an uploaded file is not kept: a parameter naming it
 * (`attach://<part>`, or the part sent under the parameter's own name) becomes a file id made from the
 * file's bytes, so the same picture gets the same id, as on Telegram.
 */
export function parseMultipart(contentType: string, body: Buffer): Promise<Params> {
  return new Promise((resolve, reject) => {
    const params: Params = {};
    const files = new Map<string, string>();
    const pending: Promise<void>[] = [];
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: { 'content-type': contentType } });
    } catch (err) {
      reject(badRequest(`can't parse multipart/form-data request: ${(err as Error).message}`));
      return;
    }
    parser.on('field', (name, value) => {
      params[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise((done) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            const bytes = Buffer.concat(chunks);
            if (bytes.length > 0)
              files.set(name, `upl${createHash('sha256').update(bytes).digest('base64url').slice(0, 32)}`);
            done();
          });
        }),
      );
    });
    parser.on('error', (err: Error) =>
      reject(badRequest(`can't parse multipart/form-data request: ${err.message}`)),
    );
    parser.on('close', () => {
      void Promise.all(pending).then(() => {
        for (const [name, id] of files) if (params[name] === undefined) params[name] = id;
        for (const [key, value] of Object.entries(params)) {
          if (typeof value === 'string' && value.startsWith('attach://')) {
            const id = files.get(value.slice('attach://'.length));
            if (id === undefined) {
              reject(badRequest(`wrong file identifier/HTTP URL specified: ${key}`));
              return;
            }
            params[key] = id;
          }
        }
        resolve(params);
      });
    });
    parser.end(body);
  });
}

/**
 * Parses a request body by its content type: JSON or urlencoded form (multipart goes through
 * {@link parseMultipart}).
 */
export function parseBody(contentType: string | undefined, body: string): Params {
  if (body === '') return {};
  const type = (contentType ?? '').split(';', 1)[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-www-form-urlencoded') return parseUrlEncoded(body);
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
