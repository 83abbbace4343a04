import { defineConfig } from 'vitest/config';
import { SOURCE_CONDITIONS } from './vitest.config.js';

// `npm run test:chaos`: the full chaos suite (docs/reliability.md). Each test starts its own redis-server,
// Bot API double and worker processes; they run one file at a time so the figures are not skewed by
// each other on a two-core machine.
export default defineConfig({
  ssr: { resolve: { conditions: SOURCE_CONDITIONS } },
  test: {
    include: ['tests/chaos/**/*.chaos.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 120_000,
    fileParallelism: false,
    maxWorkers: 1,
    globalSetup: ['tests/global-setup.ts'],
  },
});
