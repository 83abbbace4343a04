import { resolve } from 'node:path';
import { z } from 'zod';

/** The fixed token the sandbox's bot uses with the in-process Bot API double (never a real token). */
export const SANDBOX_BOT_TOKEN = '1000000001:SANDBOX-not-a-real-telegram-token';

/** getMe of the sandbox bot: deep links in briefings point at `https://t.me/<username>?start=...`. */
export const SANDBOX_BOT = { id: 1_000_000_001, username: 'chunav_sandbox_bot', first_name: 'चुनाव ब्रीफिंग' };

/** Who can chat in the sandbox. `nameKey` is the page's locale key for the display name. */
export interface SandboxUser {
  id: number;
  role: 'reader' | 'admin';
  /** Key under `sandbox.` in locales/*.yaml. */
  nameKey: string;
  /** First name sent to the bot in updates. */
  firstName: string;
}

/** Three readers and one admin; private chats, so each chat id is the user id. */
export const SANDBOX_USERS: readonly SandboxUser[] = [
  { id: 700_001, role: 'reader', nameKey: 'user-anita', firstName: 'अनीता' },
  { id: 700_002, role: 'reader', nameKey: 'user-rahul', firstName: 'राहुल' },
  { id: 700_003, role: 'reader', nameKey: 'user-farha', firstName: 'फ़रहा' },
  { id: 700_900, role: 'admin', nameKey: 'user-editor', firstName: 'संपादक' },
];

export const SANDBOX_ADMIN_ID = 700_900;

const port = z.coerce.number().int().min(0).max(65535);

/** Variables only the sandbox reads (the program's own settings stay in src/config.ts). */
const SandboxEnvSchema = z.object({
  SANDBOX_PORT: port.default(8080),
  SANDBOX_HOST: z.string().min(1).default('127.0.0.1'),
  SANDBOX_DATA_DIR: z.string().min(1).default('data'),
  /** Whether these were set at all: the sandbox moves defaults out of the web chat's way. */
  HTTP_PORT: port.optional(),
  HTTP_HOST: z.string().optional(),
  KEY_PREFIX: z.string().optional(),
  LOG_LEVEL: z.string().optional(),
});

export interface SandboxSettings {
  /** Web chat port (SANDBOX_PORT, default 8080). */
  port: number;
  host: string;
  /** Where a private redis-server keeps its data: `<SANDBOX_DATA_DIR>/redis`, absolute. */
  redisDir: string;
  /** HTTP_PORT when set; otherwise the sandbox picks one that is not the web chat's. */
  httpPort: number | undefined;
  /** HTTP_HOST was set; otherwise the program's server binds 127.0.0.1 in the sandbox. */
  httpHostSet: boolean;
  keyPrefixSet: boolean;
  logLevelSet: boolean;
}

/** Reads the sandbox's own variables; throws an Error naming each bad one. */
export function parseSandboxSettings(env: NodeJS.ProcessEnv): SandboxSettings {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== '') cleaned[k] = v.trim();
  const result = SandboxEnvSchema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `  ${String(i.path[0] ?? '(env)')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${[...new Set(problems)].join('\n')}`);
  }
  const e = result.data;
  return {
    port: e.SANDBOX_PORT,
    host: e.SANDBOX_HOST,
    redisDir: resolve(e.SANDBOX_DATA_DIR, 'redis'),
    httpPort: e.HTTP_PORT,
    httpHostSet: e.HTTP_HOST !== undefined,
    keyPrefixSet: e.KEY_PREFIX !== undefined,
    logLevelSet: e.LOG_LEVEL !== undefined,
  };
}
