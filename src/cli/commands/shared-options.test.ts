import { describe, expect, it } from 'vitest';
import { icp } from '../../../test/support/icp-cli.js';

describe('the options commands share', () => {
  it('a value outside a closed set is a usage error listing the allowed ones, before any work', async () => {
    const cases: [string[], string][] = [
      [
        ['drift', '--config', 'none.yaml', '--icp', 'none.json', '--window', 'week'],
        "error: option '--window <period>' argument 'week' is invalid. Allowed choices are month, quarter, year.\n",
      ],
      [
        ['backtest', '--config', 'none.yaml', '--every', 'decade'],
        "error: option '--every <period>' argument 'decade' is invalid. Allowed choices are month, quarter, year.\n",
      ],
      [
        ['backtest', '--config', 'none.yaml', '--target', 'paid'],
        "error: option '--target <kind>' argument 'paid' is invalid. Allowed choices are ideal, won, retained.\n",
      ],
      [
        ['sql', '--icp', 'none.json', '--table', 't', '--dialect', 'mysql'],
        "error: option '--dialect <name>' argument 'mysql' is invalid. Allowed choices are duckdb, postgres, clickhouse.\n",
      ],
    ];
    for (const [argv, stderr] of cases)
      expect(await icp(...argv)).toEqual({ status: 2, stdout: '', stderr });
  });

  it('--config, --json, --out and --today read the same in every command that has them', async () => {
    const lines = new Set<string>();
    for (const command of ['check', 'audit', 'verify', 'backtest', 'drift']) {
      const help = (await icp(command, '--help')).stdout.replace(/\n {20,}/g, ' ');
      const option = (flag: string) =>
        help.split('\n').find((l) => l.trimStart().startsWith(flag)) ?? `${command}: no ${flag}`;
      lines.add(option('-c, --config <file>'));
      lines.add(option('--today <date>'));
      expect(option('--json')).toMatch(/^ {2}--json +print the (audit|profile|result) as JSON$/);
      expect(option('-o, --out <file>')).toMatch(
        /^ {2}-o, --out <file> +also write the (audit|profile|result) as JSON to this file$/,
      );
    }
    expect([...lines].map((l) => l.trim().replace(/ {2,}/g, ' | '))).toEqual([
      '-c, --config <file> | the icp.config.yaml to load',
      '--today <date> | the date far-future dates are checked against (YYYY-MM-DD)',
    ]);
  });
});
