import { defineConfig } from 'vitest/config';

/**
 * The ClickHouse tests: `npm run test:clickhouse`. Apart from `npm test` because they need
 * Debian's clickhouse-server, which no npm package ships; `.ci/run` installs it and runs them
 * after `npm test` (see docs/scoring.md).
 */
export default defineConfig({
  test: {
    include: ['test/clickhouse/**/*.ch-test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
  },
});
