import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          // The dashboard's end-to-end tests use the lab too.
          include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          // The lab owns one network namespace and the host route to 198.18.0.0/15: one file at a time.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
