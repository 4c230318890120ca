import { defineConfig } from 'vitest/config';

// Two projects: fast node-side tests (unit + integration over real ptys, sockets and
// SQLite files) and the end-to-end suite in headless Chromium, which needs a build.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
          environment: 'node',
          // Limits for a hung test, not speed checks: the CLI tests spawn processes that
          // load the face models, which takes many times longer on a loaded 2-core machine.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 90_000,
          hookTimeout: 90_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
