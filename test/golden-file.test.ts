import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { liftChartSpec } from '../src/report/charts/lift-chart.js';
import { renderChart } from '../src/report/charts/render-chart.js';
import { changedPath, expectGolden, indentSvg } from './golden-file.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('indentSvg', () => {
  it('puts each element on its own line, indented by depth, text on its element line', () => {
    expect(
      indentSvg(
        '<svg a="1"><g class="x>y"><path d="M0"/><text x="2">Tier <tspan>A</tspan></text></g></svg>',
      ),
    ).toBe(
      [
        '<svg a="1">',
        '  <g class="x>y">',
        '    <path d="M0"/>',
        '    <text x="2">Tier ',
        '      <tspan>A</tspan>',
        '    </text>',
        '  </g>',
        '</svg>',
        '',
      ].join('\n'),
    );
  });

  it('only adds line breaks and spaces: removing them gives a real chart back', async () => {
    const svg = await renderChart(
      'lift',
      'Lift by Industry',
      liftChartSpec(
        {
          attribute: 'Industry',
          kind: 'categorical',
          information_value: 0.4,
          p_value: 0.001,
          q_value: 0.002,
          selected: true,
          bins: [
            {
              label: 'Fintech',
              count: 100,
              positives: 45,
              rate: 0.45,
              interval: { lo: 0.36, hi: 0.55 },
              lift: 2.25,
              woe: 0,
            },
          ],
        },
        0.2,
        'won',
      ),
    );
    expect(svg).not.toContain('\n');
    const indented = indentSvg(svg);
    expect(indented.split('\n').length).toBeGreaterThan(40);
    expect(indented.replace(/\n */g, '')).toBe(svg);
  });
});

describe('expectGolden', () => {
  // These check the comparison, also in a run that refreshes the goldens.
  beforeEach(() => vi.stubEnv('UPDATE_GOLDEN', ''));
  afterEach(() => vi.unstubAllEnvs());

  it('names the changed file after the golden', () => {
    expect(changedPath('test/golden/charts/lift.golden.svg')).toBe(
      'test/golden/charts/lift-changed.svg',
    );
    expect(() => changedPath('test/golden/lift.svg')).toThrow(
      'test/golden/lift.svg: a golden file is named <name>.golden.<ext>',
    );
  });

  it('writes <name>-changed.<ext> beside a golden that differs, and removes it once it matches', () => {
    const golden = join(dir, 'chart.golden.svg');
    const changed = join(dir, 'chart-changed.svg');
    writeFileSync(golden, indentSvg('<svg><g/></svg>'));
    expect(() => expectGolden(golden, '<svg><rect/></svg>')).toThrow(
      `${golden} differs: the new output is in ${changed} (diff ${golden} ${changed}); if the change is intended, rerun with UPDATE_GOLDEN=1`,
    );
    expect(readFileSync(changed, 'utf8')).toBe('<svg>\n  <rect/>\n</svg>\n');
    expectGolden(golden, '<svg><g/></svg>');
    expect(existsSync(changed)).toBe(false);
  });

  it('fails on a missing golden, saying how to write it', () => {
    const golden = join(dir, 'missing.golden.html');
    expect(() => expectGolden(golden, '<p>')).toThrow(
      `${golden}: no golden file yet. Run with UPDATE_GOLDEN=1 to write it.`,
    );
  });
});
