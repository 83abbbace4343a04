/**
 * The first-run sandbox: the program against the Bot API double, and a web chat to talk to it. A
 * development tool: `src/main.ts` loads it with a dynamic import, and production installs leave it out.
 */

export {
  type ChatButton,
  type ChatEntry,
  type ChatToast,
  type ConversationEvents,
  type Conversations,
  createConversations,
} from './conversations.js';
export {
  type EnsureRedisOptions,
  ensureRedis,
  ForeignRedisError,
  findExecutable,
  foreignKey,
  freePortPreferring,
  isAlive,
  maskCredentials,
  PRIVATE_REDIS_PORT,
  pingRedis,
  RedisUnavailableError,
  type SandboxRedis,
} from './redis.js';
export {
  SANDBOX_KEY_PREFIX,
  type Sandbox,
  type SandboxAppConfig,
  type SandboxDeps,
  type SandboxedApp,
  startSandbox,
} from './sandbox.js';
export {
  parseSandboxSettings,
  SANDBOX_ADMIN_ID,
  SANDBOX_BOT,
  SANDBOX_BOT_TOKEN,
  SANDBOX_USERS,
  type SandboxSettings,
  type SandboxUser,
} from './settings.js';
export type { SandboxLogger } from './types.js';
export { createWebChat, WEB_DIR, type WebChat, type WebChatDeps } from './web-chat.js';
