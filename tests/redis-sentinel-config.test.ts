import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { redisOptions } from '../src/redis.js';

function problems(env: Record<string, string>): string[] {
  try {
    parseConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('REDIS_SENTINELS and REDIS_SENTINEL_NAME', () => {
  it('when neither is set, then Redis is REDIS_URL alone and replicas are not waited for', () => {
    const c = parseConfig({});
    expect(c.redisSentinels).toBeUndefined();
    expect(c.redisSentinelName).toBeUndefined();
    expect(c.replicaWaitMs).toBe(0);
    expect(redisOptions(c).sentinels).toBeUndefined();
  });

  it('when both are set, then the list is parsed (IPv6 in brackets) and WAIT defaults to 100 ms', () => {
    const c = parseConfig({
      REDIS_SENTINELS: ' s1:26379, 10.0.0.2:26380 ,[::1]:26381',
      REDIS_SENTINEL_NAME: 'chunav-main',
    });
    expect(c.redisSentinels).toEqual([
      { host: 's1', port: 26379 },
      { host: '10.0.0.2', port: 26380 },
      { host: '::1', port: 26381 },
    ]);
    expect(c.redisSentinelName).toBe('chunav-main');
    expect(c.replicaWaitMs).toBe(100);
    expect(
      parseConfig({ REDIS_SENTINELS: 's1:1', REDIS_SENTINEL_NAME: 'm', REDIS_REPLICA_WAIT: 'off' })
        .replicaWaitMs,
    ).toBe(0);
    expect(parseConfig({ REDIS_REPLICA_WAIT: '250ms' }).replicaWaitMs).toBe(250);
  });

  it('when one is set without the other, or an entry is not host:port, then the variable is named', () => {
    expect(problems({ REDIS_SENTINELS: 's1:26379' }).join()).toMatch(/REDIS_SENTINEL_NAME: required/);
    expect(problems({ REDIS_SENTINEL_NAME: 'mymaster' }).join()).toMatch(/REDIS_SENTINELS: required/);
    for (const bad of ['s1', 's1:', 's1:abc', 's1:70000', 'redis://s1:26379', 'a b:1'])
      expect(problems({ REDIS_SENTINELS: bad, REDIS_SENTINEL_NAME: 'm' }).join(), bad).toMatch(
        /REDIS_SENTINELS/,
      );
    expect(problems({ REDIS_SENTINELS: 's1:1', REDIS_SENTINEL_NAME: 'has space' }).join()).toMatch(
      /REDIS_SENTINEL_NAME/,
    );
    for (const bad of ['6s', 'soon', '100'])
      expect(problems({ REDIS_REPLICA_WAIT: bad }).join(), bad).toMatch(/REDIS_REPLICA_WAIT/);
  });

  it("when Sentinels are set, then REDIS_URL's user, password, database and TLS carry over to the connections", () => {
    const c = parseConfig({
      REDIS_URL: 'rediss://app:s%40cret@ignored-host:6390/3',
      REDIS_SENTINELS: 's1:26379,s2:26379',
      REDIS_SENTINEL_NAME: 'mymaster',
    });
    const o = redisOptions(c, { connectionName: 'x' });
    expect(o).toMatchObject({
      sentinels: [
        { host: 's1', port: 26379 },
        { host: 's2', port: 26379 },
      ],
      name: 'mymaster',
      role: 'master',
      username: 'app',
      password: 's@cret',
      db: 3,
      tls: {},
      enableTLSForSentinelMode: true,
      connectionName: 'x',
    });
    // The URL's host is not used: the Sentinels name the primary.
    expect(o.host).toBeUndefined();
    const plain = redisOptions(parseConfig({ REDIS_SENTINELS: 's1:1', REDIS_SENTINEL_NAME: 'm' }));
    expect(plain.tls).toBeUndefined();
    expect(plain.password).toBeUndefined();
  });
});
