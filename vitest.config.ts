import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // A test over a minute on an idle machine is a fault; a busy one (benches beside the suite) needs twice that.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
