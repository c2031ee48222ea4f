import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['dist/**', 'node_modules/**'],
    // e2e tests spawn the CLI many times; under four workers on two cores some take 20 s.
    testTimeout: 60_000,
    hookTimeout: 30_000,
    // Most files run the built CLI as a subprocess and spend their time waiting on it and on the
    // emulator: more workers than the machine's 2 cores halves the wall time.
    maxWorkers: 4,
  },
});
