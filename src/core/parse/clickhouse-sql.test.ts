import { describe, expect, it } from 'vitest';
import {
  clickHouseLet,
  type StagedLet,
  stageClickHouseLets,
  stagedSelects,
} from './clickhouse-sql.js';

describe('clickHouseLet', () => {
  const reading = () =>
    clickHouseLet('trim(`a`)', (x) =>
      clickHouseLet(`lower(${x})`, (low) => `concat(${x}, ${low})`),
    );

  it('binds a value by a lambda over a one-element array outside a staging', () => {
    const sql = reading();
    const outer = /^arrayElement\(arrayMap\((__icp_[0-9a-f]{16}) -> /.exec(sql)?.[1];
    expect(outer).toBeDefined();
    expect(sql).toContain(`[trim(\`a\`)]), 1)`);
    expect(sql.match(/arrayMap/g)).toHaveLength(2);
  });

  it('stages each value as a column of a nested SELECT, one level per value it reads', () => {
    const lets = new Map<string, StagedLet>();
    const sql = stageClickHouseLets(lets, reading);
    const [x, low] = [...lets.keys()];
    expect(sql).toBe(`concat(${x}, ${low})`);
    expect([...lets.values()]).toEqual([
      { sql: 'trim(`a`)', depth: 1 },
      { sql: `lower(${x})`, depth: 2 },
    ]);
    // The same value asked again is the same column.
    expect(stageClickHouseLets(lets, () => clickHouseLet('trim(`a`)', (v) => v))).toBe(x);
    expect(lets.size).toBe(2);
    expect(stagedSelects(lets, 'leads')).toBe(
      `(SELECT *, lower(${x}) AS ${low} FROM (SELECT *, trim(\`a\`) AS ${x} FROM leads))`,
    );
    // Outside the staging, lambdas again.
    expect(reading()).toMatch(/^arrayElement\(arrayMap\(/);
  });
});
