import { defineConfig } from 'vitest/config';

// Database tests open PGlite (about 600 MiB and a few seconds each) and a real
// PostgreSQL database per file; two workers keep a 2-core machine responsive.
export default defineConfig({
  test: {
    include: [
      'engine/src/**/*.test.ts',
      'metadata/src/**/*.test.ts',
      'engine/test/**/*.test.ts',
      'runtime-ui/src/**/*.test.{ts,tsx}',
      'runtime-ui/e2e/**/*.e2e.test.ts',
    ],
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    globalSetup: ['engine/test/global-setup.ts'],
  },
});
