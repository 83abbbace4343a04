/**
 * A Telegram Bot API double served over real HTTP: grammY, workers, tests, benchmarks and the sandbox
 * point TELEGRAM_API_ROOT at it. See `createBotApiDouble`.
 */

export type {
  BotApiDoubleSettings,
  ConfigSnapshot,
  FaultOptions,
  RateLimitOptions,
  WebhookDeliveryOptions,
} from './config.js';
export { DEFAULT_BOT_INFO, SEND_METHODS } from './config.js';
export { createBotApiDouble } from './double.js';
export { ApiError, DESCRIPTIONS, WaitTimeoutError } from './errors.js';
export { type ParsedText, parseTelegramHtml, TelegramHtmlError } from './html.js';
export { buttonUrlProblem, validateReplyMarkup } from './markup.js';
export type { MessageVersion, RecordedMessage } from './message-store.js';
export type { Range } from './random.js';
export { KeyedSlidingWindowLimiter, maxInSlidingWindow, SlidingWindowLimiter } from './sliding-window.js';
export {
  codePointLength,
  type LengthUnit,
  MAX_MESSAGE_LENGTH,
  type ParseMode,
  parseMessageText,
} from './text.js';
export type * from './types.js';
export { clockUpdateId } from './update-builder.js';
export type {
  CallbackUpdateInput,
  EditedMessageUpdateInput,
  MessageUpdateInput,
  MyChatMemberUpdateInput,
  RawUpdateInput,
  UpdateInput,
} from './updates.js';
