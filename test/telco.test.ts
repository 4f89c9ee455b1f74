import { describe, expect, it } from 'vitest';
import { discoverGeneric } from '../src/pipeline/discover/discover-generic.js';
import { plainLogisticAuc, TELCO } from './telco-baseline.js';

describe('discover --data on IBM telco churn (target: not churned)', () => {
  it('ranks at least as well as a plain one-hot logistic regression, cross-validated on the same folds', async () => {
    const icp = await discoverGeneric({
      data: TELCO,
      target: 'Churn',
      positive: 'No',
      id: 'customerID',
    });
    const baseline = await plainLogisticAuc(5, 1);
    expect(icp.verdict.kind).toBe('scorecard');
    expect(icp.target).toMatchObject({ kind: 'column', eligible: 7043, positives: 5174 });
    expect(icp.validation!.auc).toBeGreaterThanOrEqual(Math.round(baseline * 1e4) / 1e4);
    expect(icp.evidence[0]!.attribute).toBe('Contract');
    // TotalCharges has 11 blank values: they get the missing bin rather than an error.
    const total = icp.evidence.find((e) => e.attribute === 'TotalCharges')!;
    expect(total.bins.find((b) => b.label === 'missing')!.count).toBe(11);
    // One set of rows is one segment: two conditions covering the same customers are not listed twice.
    const sizes = icp.segments.map((s) => `${s.count}/${s.positives}`);
    expect(new Set(sizes).size).toBe(sizes.length);
  });

  it('names a mistyped column with the closest one', async () => {
    await expect(
      discoverGeneric({ data: TELCO, target: 'Churned', positive: 'No' }),
    ).rejects.toThrow(
      '--target: ../shared/datasets/ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv has no column "Churned". Did you mean "Churn"?',
    );
  });

  it('names the values seen when the positive value never occurs', async () => {
    await expect(
      discoverGeneric({ data: TELCO, target: 'Churn', positive: 'Maybe' }),
    ).rejects.toThrow(
      '--positive: "Maybe" never occurs in column "Churn" of ../shared/datasets/ibm-telco-churn/WA_Fn-UseC_-Telco-Customer-Churn.csv. Values seen: no, yes.',
    );
  });
});
