/** Extra data Telegram attaches to some errors (`retry_after` on 429, `migrate_to_chat_id` on 400). */
export interface ResponseParameters {
  retry_after?: number;
  migrate_to_chat_id?: number;
}

/**
 * A Bot API error exactly as Telegram answers it: `{ ok: false, error_code, description, parameters? }`,
 * sent with the HTTP status equal to `error_code`.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly errorCode: number,
    readonly description: string,
    readonly parameters?: ResponseParameters,
  ) {
    super(description);
  }

  toJSON(): { ok: false; error_code: number; description: string; parameters?: ResponseParameters } {
    return this.parameters
      ? { ok: false, error_code: this.errorCode, description: this.description, parameters: this.parameters }
      : { ok: false, error_code: this.errorCode, description: this.description };
  }
}

/** 400 with Telegram's "Bad Request: " prefix. */
export function badRequest(what: string): ApiError {
  return new ApiError(400, `Bad Request: ${what}`);
}

/** 429 as Telegram sends it: the wait in the text and in `parameters.retry_after` (whole seconds, ≥ 1). */
export function tooManyRequests(retryAfterSeconds: number): ApiError {
  const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
  return new ApiError(429, `Too Many Requests: retry after ${seconds}`, { retry_after: seconds });
}

/** Descriptions the double answers with; one place, so tests and callers can match on them. */
export const DESCRIPTIONS = {
  unauthorized: 'Unauthorized',
  notFound: 'Not Found',
  webhookActive:
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first",
  otherPoller:
    'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
  textEmpty: 'Bad Request: message text is empty',
  tooLong: 'Bad Request: message is too long',
  buttonDataInvalid: 'Bad Request: BUTTON_DATA_INVALID',
  editNotFound: 'Bad Request: message to edit not found',
  notModified:
    'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
  deleteNotFound: 'Bad Request: message to delete not found',
  cantDelete: "Bad Request: message can't be deleted for everyone",
  noPhoto: 'Bad Request: there is no photo in the request',
  wrongFile: 'Bad Request: wrong file identifier/HTTP URL specified',
  captionTooLong: 'Bad Request: message caption is too long',
  noCaption: 'Bad Request: there is no caption in the message to edit',
  noText: 'Bad Request: there is no text in the message to edit',
  chatNotFound: 'Bad Request: chat not found',
  blocked: 'Forbidden: bot was blocked by the user',
  deactivated: 'Forbidden: user is deactivated',
  cantInitiate: "Forbidden: bot can't initiate conversation with a user",
  queryInvalid: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
  internal: 'Internal Server Error',
  badGateway: 'Bad Gateway',
} as const;

/** `waitForMessages` gave up: fewer than `expected` messages arrived in time. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';

  constructor(
    readonly chatId: number | undefined,
    readonly expected: number,
    readonly received: number,
    readonly timeoutMs: number,
  ) {
    super(
      `timed out after ${timeoutMs} ms waiting for ${expected} message(s) ${
        chatId === undefined ? 'in total' : `in chat ${chatId}`
      }; ${received} arrived`,
    );
  }
}
