import { defineConfig } from 'vitest/config';

const exclude = ['node_modules/**', 'cdk.out/**', '.motcua/**'];

/**
 * Two projects. `unit`: pure code and contracts, no synthesis, no servers, no browser; runs in
 * seconds (`npm run test:unit`). `e2e`: everything that needs the synthesized app (synthesized
 * once by the global setup), the local runtime, child processes or Chromium. `npm test` runs both.
 */
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['services/**/*.test.ts', 'libs/**/*.test.ts', 'infra/**/*.test.ts', 'bench/**/*.test.ts', 'tests/contracts/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: [...exclude, '**/*.browser.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/infra/**/*.test.ts', 'tests/cli/**/*.test.ts', '**/*.browser.test.ts'],
          exclude,
          globalSetup: ['tests/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
