import { defineConfig } from 'vitest/config';

/**
 * The workspace packages (Bot API double, sandbox) resolve to their TypeScript sources in tests, so a test
 * never runs a stale build of them; the rest are Vite's default server conditions.
 */
export const SOURCE_CONDITIONS = ['@chunav/source', 'module', 'node', 'development|production'];

export default defineConfig({
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/chaos/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Tests share one Redis (each with its own key prefix) and spawn child processes; two cores.
    fileParallelism: true,
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts'],
  },
});
