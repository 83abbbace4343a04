import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUDIT_KEEP, createAuditLog, ERASED_FIELD } from '../../src/store/audit.js';
import { createKeys } from '../../src/store/keys.js';
import { createTestRedis, type TestRedis } from '../helpers/redis.js';

let env: TestRedis;
beforeEach(async () => {
  env = await createTestRedis('audit');
});
afterEach(async () => {
  await env.cleanup();
});

describe('audit log (real Redis)', () => {
  it('when a non-admin is refused more times than the list keeps, then every real entry is still there and the attempts are counted', async () => {
    const audit = createAuditLog({ redis: env.redis, prefix: env.prefix });
    await audit.record({ who: '900001', action: 'publish', target: 'b-1', outcome: 'started' });
    // Pipelined, as a flood of attempts would arrive.
    await Promise.all(
      Array.from({ length: AUDIT_KEEP + 50 }, () =>
        audit.record({ who: '555', action: 'denied:/stats', outcome: 'denied' }),
      ),
    );
    const recent = await audit.recent(AUDIT_KEEP);
    expect(recent).toHaveLength(1);
    expect(recent[0]?.action).toBe('publish');
    expect((await audit.denied())['555']).toBe(AUDIT_KEEP + 50);
  });

  it('when a user is erased, then their id leaves the audit: refused attempts join the anonymous count, listed entries keep only the action', async () => {
    const audit = createAuditLog({ redis: env.redis, prefix: env.prefix });
    await audit.record({ who: '777', action: 'denied:/stats', outcome: 'denied' });
    await audit.record({ who: '777', action: 'denied:/publish', outcome: 'denied' });
    await audit.record({ who: '888', action: 'denied:/stats', outcome: 'denied' });
    // An entry written by an older version, which listed refused attempts.
    await env.redis.lpush(
      createKeys(env.prefix).audit,
      JSON.stringify({ at: 1, who: '777', action: 'denied:/stats', outcome: 'denied' }),
    );
    await audit.record({ who: '900001', action: 'publish', outcome: 'started' });
    expect(await audit.erase(777)).toBe(3);
    expect(await audit.denied()).toEqual({ '888': 1, [ERASED_FIELD]: 2 });
    const listed = await audit.recent(10);
    expect(listed.map((e) => e.who)).toEqual(['900001', 'erased']);
    const everything = JSON.stringify([
      await env.redis.lrange(createKeys(env.prefix).audit, 0, -1),
      await env.redis.hgetall(createKeys(env.prefix).auditDenied),
    ]);
    expect(everything).not.toContain('777');
  });
});
