import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** A Lua script run by its SHA1 (EVALSHA): the body crosses the wire only the first time. */
export type LuaScript = (
  redis: Redis,
  keys: readonly string[],
  args: ReadonlyArray<string | number>,
) => Promise<unknown>;

/**
 * Wraps a Lua script for EVALSHA with a fallback to EVAL when Redis does not know it yet (a fresh or
 * restarted server, SCRIPT FLUSH); EVAL also caches it for the next call. Hot paths (one or two scripts
 * per message sent) save sending and hashing the body every time.
 */
export function luaScript(body: string): LuaScript {
  const sha = createHash('sha1').update(body).digest('hex');
  return async (redis, keys, args) => {
    try {
      return await redis.evalsha(sha, keys.length, ...keys, ...args);
    } catch (err) {
      if (!(err instanceof Error) || !err.message.includes('NOSCRIPT')) throw err;
      return redis.eval(body, keys.length, ...keys, ...args);
    }
  };
}
