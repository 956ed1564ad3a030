import { defineConfig } from 'vitest/config';

// Three projects: `unit` is pure logic (no engine, no processes beyond tiny fixtures) and runs
// in seconds; `integration` touches real git repos, processes and the Docker engine; `e2e`
// runs the built CLI against the real engine. They run one after the other (groupOrder), and
// engine-heavy files one at a time: the machines have 2 cores and one engine, and parallel
// container churn only adds flakiness.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          globalSetup: ['test/support/global-setup.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
