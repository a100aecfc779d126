import { defineConfig } from 'vitest/config';

/**
 * Test tiers: unit (`*.test.ts`, fakes only), integration (`*.int.test.ts`, real etcd / API
 * server / Docker), e2e (`e2e/**` black-box under testcontainers). `vitest run --project X`
 * runs one tier; the README's test command runs all three in order.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{api,client,component-base,apiserver,scheduler,controller-manager,kubelet,proxy,kubectl,deploy,testing}/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          testTimeout: 10_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ['e2e/**', '**/node_modules/**'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
