import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * Docker cannot run on the CI machine, so these checks keep the Dockerfile and compose file consistent with
 * the repository; scripts/docker-smoke.sh (run by .ci/run) executes the Dockerfile's own commands.
 */
const dockerfile = readFileSync('Dockerfile', 'utf8');
const instructions = dockerfile
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const dockerignore = readFileSync('.dockerignore', 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const envExampleKeys = new Set(
  readFileSync('.env.example', 'utf8')
    .split('\n')
    .map((l) => /^([A-Z][A-Z0-9_]*)=/.exec(l)?.[1])
    .filter((k): k is string => k !== undefined),
);

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  deploy?: { replicas?: number };
  healthcheck?: unknown;
  depends_on?: Record<string, { condition: string }>;
}
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
};

describe('Dockerfile', () => {
  it('builds on Node 22 slim in two stages', () => {
    const froms = instructions.filter((l) => l.startsWith('FROM '));
    expect(froms).toHaveLength(2);
    for (const f of froms) expect(f).toMatch(/^FROM node:22[\w.-]*-slim AS \w+$/);
  });

  it('copies only files that exist and that .dockerignore lets through', () => {
    const sources = instructions
      .filter((l) => l.startsWith('COPY ') && !l.includes('--from='))
      .flatMap((l) => l.split(/\s+/).slice(1, -1));
    expect(sources.length).toBeGreaterThan(4);
    for (const src of sources) {
      expect(existsSync(src), `${src} is copied but does not exist`).toBe(true);
      expect(dockerignore, `${src} is copied but ignored`).not.toContain(src);
    }
  });

  it('keeps secrets, dependencies and local data out of the build context', () => {
    for (const p of ['.env', 'node_modules', 'data', '.git', 'dist']) expect(dockerignore).toContain(p);
  });

  it('runs as a non-root user with a health check on a compiled file and the main entry point', () => {
    const runtime = dockerfile.slice(dockerfile.indexOf('AS runtime'));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toMatch(/npm ci --omit=dev/);
    const health = /^HEALTHCHECK .*CMD (\[.*\])$/m.exec(runtime);
    expect(health).not.toBeNull();
    const healthArgs = JSON.parse(health?.[1] ?? '[]') as string[];
    expect(healthArgs[0]).toBe('node');
    expect(existsSync((healthArgs[1] ?? '').replace(/^dist\//, 'src/').replace(/\.js$/, '.ts'))).toBe(true);
    const cmd = /^CMD (\[.*\])$/m.exec(runtime);
    expect(JSON.parse(cmd?.[1] ?? '[]')).toEqual(['node', 'dist/main.js', 'all']);
  });

  it('marks every command the CI smoke script runs', () => {
    for (const name of ['build-install', 'build', 'runtime-install', 'healthcheck', 'cmd']) {
      expect(dockerfile).toContain(`# smoke: ${name}\n`);
    }
  });
});

describe('docker-compose.yml', () => {
  it('runs Redis with AOF every second and without eviction, with a health check', () => {
    const redis = compose.services.redis;
    const args = (redis?.command ?? []).join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync everysec');
    expect(args).toContain('--maxmemory-policy noeviction');
    expect(redis?.healthcheck).toBeDefined();
  });

  it('runs one bot and two workers of the same image, each waiting for Redis', () => {
    const { bot, worker } = compose.services;
    expect(bot?.command).toEqual(['node', 'dist/main.js', 'bot']);
    expect(worker?.command).toEqual(['node', 'dist/main.js', 'worker']);
    expect(worker?.deploy?.replicas).toBe(2);
    expect(bot?.image).toBe(worker?.image);
    for (const s of [bot, worker]) expect(s?.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it('sets only variables the program reads', () => {
    for (const [name, service] of Object.entries(compose.services)) {
      if (name === 'redis') continue;
      for (const key of Object.keys(service.environment ?? {})) {
        expect(envExampleKeys.has(key) || key === 'NODE_ENV', `${name}: unknown variable ${key}`).toBe(true);
      }
    }
  });
});
