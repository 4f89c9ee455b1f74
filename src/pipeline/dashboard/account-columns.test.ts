import { describe, expect, it } from 'vitest';
import type { IcpDefinition } from '../../core/icp/definition.js';
import { planAccountColumns } from './account-columns.js';

const withCard = (names: readonly string[]) =>
  ({
    scorecard: { attributes: names.map((name) => ({ name })) },
    evidence: [],
  }) as unknown as Pick<IcpDefinition, 'scorecard' | 'evidence'>;

describe('planAccountColumns', () => {
  it("keeps the scorecard's attributes found in the data, matched as headers are, once each", () => {
    const plan = planAccountColumns(
      ['account_id', 'Industry', 'Employees'],
      withCard(['industry', 'Employees', 'Region', 'INDUSTRY']),
      true,
    );
    expect(plan.fixed.map((c) => c.key)).toEqual([
      'account_id',
      'name',
      'tier',
      'score',
      'revenue',
      'cost_to_serve',
      'net_value',
      'churned',
    ]);
    expect(plan.attributes).toEqual([
      {
        source: 'Industry',
        column: { key: 'Industry', label: 'industry', kind: 'text', attribute: true },
      },
      {
        source: 'Employees',
        column: { key: 'Employees', label: 'Employees', kind: 'text', attribute: true },
      },
    ]);
    expect(plan.select).toEqual([
      'a.account_id',
      'n.name AS name',
      'a.tier',
      'round(a.icp_score, 1) AS score',
      'a.revenue_total AS revenue',
      'a.cost_to_serve',
      'a.net_value',
      'a.churned',
      't."Industry" AS "Industry"',
      't."Employees" AS "Employees"',
      'a.icp_reasons AS reasons',
    ]);
    expect(plan.searched).toEqual([
      'a.account_id',
      'n.name',
      'a.tier',
      'a.icp_reasons',
      't."Industry"',
      't."Employees"',
    ]);
  });

  it('renames an attribute whose name a fixed column has in another case, and leaves out the name without one', () => {
    const plan = planAccountColumns(['account_id', 'Revenue'], withCard(['Revenue']), false);
    expect(plan.fixed.some((c) => c.key === 'name')).toBe(false);
    expect(plan.attributes).toEqual([
      {
        source: 'Revenue',
        column: { key: 'Revenue (attribute)', label: 'Revenue', kind: 'text', attribute: true },
      },
    ]);
    expect(plan.select).toContain('t."Revenue" AS "Revenue (attribute)"');
  });

  it('without a scorecard, takes the eight strongest attributes of the evidence', () => {
    const icp = {
      scorecard: undefined,
      evidence: ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'].map((attribute) => ({ attribute })),
    } as unknown as Pick<IcpDefinition, 'scorecard' | 'evidence'>;
    const columns = ['account_id', 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I'];
    expect(planAccountColumns(columns, icp, false).attributes.map((a) => a.source)).toEqual([
      'A',
      'B',
      'C',
      'D',
      'E',
      'F',
      'G',
      'H',
    ]);
  });
});
