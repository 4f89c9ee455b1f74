import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeIcp } from '../src/data/icp/icp-file.js';
import { discover } from '../src/pipeline/discover/discover-config.js';
import { buildReport } from '../src/pipeline/report/build-report.js';
import { generateWorld } from '../src/sample/generate-world.js';
import { WORLD_TODAY } from '../src/sample/planted-truth.js';
import { expectGolden } from './golden-file.js';

/**
 * The report of a small sample world (800 accounts, seed 1) against a golden file. To keep the
 * golden readable and small, each chart's SVG is replaced by one line with its label, SHA-256
 * and size: a change to any chart still fails the test and the diff names the chart, while
 * test/golden/charts/ holds each chart kind whole, indented, on tiny data (a chart's own diff
 * reads there). A failing run leaves test/golden/report-sample-world-changed.html to diff.
 * After an intended change: UPDATE_GOLDEN=1 npx vitest run test/report-golden.test.ts
 */
const dir = mkdtempSync(join(tmpdir(), 'icp-report-'));
const config = join(dir, 'world', 'icp.config.yaml');
let html: string;
const stages: string[] = [];

beforeAll(async () => {
  await generateWorld({ accounts: 800, seed: 1, out: join(dir, 'world') });
  await writeIcp(join(dir, 'icp.json'), await discover(config, { today: WORLD_TODAY }));
  html = await buildReport(config, join(dir, 'icp.json'), {
    today: WORLD_TODAY,
    onProgress: (stage, done, total) =>
      stages.push(done === undefined ? stage : `${stage} ${done}/${total}`),
  });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The report with every <svg>...</svg> replaced by a short element naming its hash. */
function withChartHashes(report: string): string {
  return report.replace(/<svg [\s\S]*?<\/svg>/g, (svg) => {
    const label = /aria-label="([^"]*)"/.exec(svg)?.[1] ?? '';
    const hash = createHash('sha256').update(svg).digest('hex').slice(0, 16);
    return `<svg aria-label="${label}" sha256="${hash}" bytes="${svg.length}"/>`;
  });
}

describe('icp report on the sample world', () => {
  it('matches the golden report', () => {
    expectGolden('test/golden/report-sample-world.golden.html', withChartHashes(html));
  });

  it('is one self-contained file: no script, no external reference', () => {
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\((?!#)/i);
    expect(html).not.toMatch(/(?:src|href)="(?!#)/);
  });

  it('has every section, each chart labelled', () => {
    for (const id of ['summary', 'glance', 'words', 'scorecard', 'lift', 'tiers', 'segments'])
      expect(html).toContain(`<section id="${id}">`);
    const charts = [...html.matchAll(/<svg role="img" aria-label="([^"]+)"/g)].map((m) => m[1]);
    expect(charts).toContain(
      'Value map: revenue against cost to serve, one dot per customer, coloured by tier',
    );
    expect(charts).toContain('Win rate and churn by tier, with 95% intervals');
    expect(charts.filter((c) => c?.startsWith('Lift by ')).length).toBeGreaterThanOrEqual(3);
  });

  it('says what it is doing at every step, and counts the backtest quarters', () => {
    expect(stages).toEqual([
      'loading the data',
      'auditing (tiers cross-fitted)',
      'measuring drift',
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8].map((k) => `backtest ${k}/8`),
      'drawing the charts',
    ]);
  });

  it('is the same, byte for byte, when built again', async () => {
    expect(await buildReport(config, join(dir, 'icp.json'), { today: WORLD_TODAY })).toBe(html);
  });
});

describe('the model quality curves', () => {
  it('come from the out-of-fold scores: gains end at every unit and every positive, calibration covers every unit', async () => {
    const { loadConfig } = await import('../src/data/config/load-config.js');
    const { loadDataset } = await import('../src/data/load/load-dataset.js');
    const { readIcp } = await import('../src/data/icp/icp-file.js');
    const { buildReportModel } = await import('../src/pipeline/report/build-report.js');
    const loaded = await loadConfig(config);
    const icp = await readIcp(join(dir, 'icp.json'));
    const dataset = await loadDataset(loaded, { today: WORLD_TODAY });
    try {
      const model = await buildReportModel(dataset, loaded.config, icp);
      if (!model.quality.available) throw new Error(model.quality.reason);
      const { gains, calibration } = model.quality;
      expect(gains[0]).toEqual({ share: 0, captured: 0 });
      expect(gains[gains.length - 1]).toEqual({ share: 1, captured: 1 });
      for (let k = 1; k < gains.length; k++) {
        expect(gains[k]!.share).toBeGreaterThan(gains[k - 1]!.share);
        expect(gains[k]!.captured).toBeGreaterThanOrEqual(gains[k - 1]!.captured);
      }
      expect(calibration.length).toBe(10);
      expect(calibration.reduce((s, c) => s + c.n, 0)).toBe(icp.target.eligible);
      const positives = calibration.reduce((s, c) => s + Math.round(c.observed * c.n), 0);
      expect(positives).toBe(icp.target.positives);
    } finally {
      dataset.close();
    }
  });
});
