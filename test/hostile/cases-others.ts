import {
  badDate,
  CONFIG,
  choices,
  folder,
  guard,
  type HostileCase,
  noDay,
  SOURCE,
} from './case-helpers.js';

/** Hostile cases of sql, audit, report, verify, backtest, drift, diff, versions, serve and demo (see cases.ts). */
export const OTHER_CASES: readonly HostileCase[] = [
  // audit
  {
    name: 'audit: --out onto --icp',
    argv: ['audit', '--config', CONFIG, '--icp', 'icp.json', '--out', 'icp.json'],
    status: 2,
    stderr: guard('--out', 'icp.json', 'the --icp file'),
  },
  {
    name: 'audit: --out onto a source',
    argv: ['audit', '--config', CONFIG, '--icp', 'icp.json', '--out', 'world/invoices.csv'],
    status: 2,
    stderr: guard('--out', 'world/invoices.csv', SOURCE('invoices')),
  },
  {
    name: 'audit: --out onto --market',
    argv: [
      'audit',
      '--config',
      CONFIG,
      '--icp',
      'icp.json',
      '--market',
      'leads.csv',
      '--out',
      'leads.csv',
    ],
    status: 2,
    stderr: guard('--out', 'leads.csv', 'the --market file'),
  },
  {
    name: 'audit: --today 2025-04-31',
    argv: ['audit', '--config', CONFIG, '--icp', 'icp.json', '--today', '2025-04-31'],
    status: 2,
    stderr: noDay('--today', '2025-04-31', 'April 2025', 30),
  },
  {
    name: 'audit: tiers out of order',
    argv: ['audit', '--config', CONFIG, '--icp', 'tiers-out-of-order.json'],
    status: 2,
    stderr:
      'icp: tiers-out-of-order.json: tiers are out of order (A 37.139, B 51.179, C 89.755): each is the lowest score of its tier, so A >= B >= C. Restore them from the output of "icp discover".\n',
  },
  // report
  {
    name: 'report: --out onto --icp',
    argv: ['report', '--config', CONFIG, '--icp', 'icp.json', '--out', 'icp.json'],
    status: 2,
    stderr: guard('--out', 'icp.json', 'the --icp file'),
  },
  {
    name: 'report: --out onto the config',
    argv: ['report', '--config', CONFIG, '--icp', 'icp.json', '--out', CONFIG],
    status: 2,
    stderr: guard('--out', CONFIG, 'the --config file'),
  },
  {
    name: 'report: --out onto a folder',
    argv: ['report', '--config', CONFIG, '--icp', 'icp.json', '--out', 'a-folder'],
    status: 4,
    stderr: folder('--out', 'a-folder'),
  },
  {
    name: 'report: --today not a date',
    argv: [
      'report',
      '--config',
      CONFIG,
      '--icp',
      'icp.json',
      '--out',
      'out/r.html',
      '--today',
      '23/11/2026',
    ],
    status: 2,
    stderr: badDate('--today', '23/11/2026'),
  },
  // verify
  {
    name: 'verify: --out onto the hand-written ICP',
    argv: ['verify', '--config', CONFIG, '--icp', 'mine.yaml', '--out', 'mine.yaml'],
    status: 2,
    stderr: guard('--out', 'mine.yaml', 'the --icp file'),
  },
  {
    name: 'verify: --out onto --against',
    argv: [
      'verify',
      '--config',
      CONFIG,
      '--icp',
      'mine.yaml',
      '--against',
      'icp.json',
      '--out',
      'icp.json',
    ],
    status: 2,
    stderr: guard('--out', 'icp.json', 'the --against file'),
  },
  {
    name: 'verify: a device as the hand-written ICP',
    argv: ['verify', '--config', CONFIG, '--icp', '/dev/zero'],
    status: 2,
    stderr: 'icp: /dev/zero: cannot read it (not a regular file).\n',
  },
  {
    name: 'verify: an alias bomb as the hand-written ICP',
    argv: ['verify', '--config', CONFIG, '--icp', 'alias-bomb.yaml'],
    status: 2,
    stderr:
      'icp: alias-bomb.yaml: its aliases (*name) expand to too many values (more than 100 uses of an anchor); a config needs few. Write the values out instead.\n',
  },
  // backtest
  {
    name: 'backtest: --as-of 2024-02-30',
    argv: ['backtest', '--config', CONFIG, '--as-of', '2024-02-30'],
    status: 2,
    stderr: noDay('--as-of', '2024-02-30', 'February 2024', 29),
  },
  {
    name: 'backtest: --every week',
    argv: ['backtest', '--config', CONFIG, '--every', 'week'],
    status: 2,
    stderr: choices('--every <period>', 'week', 'month, quarter, year'),
  },
  {
    name: 'backtest: --target profit',
    argv: ['backtest', '--config', CONFIG, '--as-of', '2025-01-01', '--target', 'profit'],
    status: 2,
    stderr: choices('--target <kind>', 'profit', 'ideal, won, retained'),
  },
  {
    name: 'backtest: --since not a date',
    argv: ['backtest', '--config', CONFIG, '--every', 'year', '--since', '2024'],
    status: 2,
    stderr: badDate('--since', '2024'),
  },
  {
    name: 'backtest: --out onto the config',
    argv: ['backtest', '--config', CONFIG, '--as-of', '2025-01-01', '--out', CONFIG],
    status: 2,
    stderr: guard('--out', CONFIG, 'the --config file'),
  },
  // drift
  {
    name: 'drift: --window week',
    argv: ['drift', '--config', CONFIG, '--icp', 'icp.json', '--window', 'week'],
    status: 2,
    stderr: choices('--window <period>', 'week', 'month, quarter, year'),
  },
  {
    name: 'drift: --since 2023-02-29',
    argv: ['drift', '--config', CONFIG, '--icp', 'icp.json', '--since', '2023-02-29'],
    status: 2,
    stderr: noDay('--since', '2023-02-29', 'February 2023', 28),
  },
  {
    name: 'drift: --out onto --icp',
    argv: ['drift', '--config', CONFIG, '--icp', 'icp.json', '--out', 'icp.json'],
    status: 2,
    stderr: guard('--out', 'icp.json', 'the --icp file'),
  },
  // diff
  {
    name: 'diff: one ICP only',
    argv: ['diff', 'icp.json'],
    status: 2,
    stderr: "error: missing required argument 'new'\n",
  },
  {
    name: 'diff: an old ICP that does not exist',
    argv: ['diff', 'nope.json', 'icp.json'],
    status: 2,
    stderr:
      'icp: "nope.json" is neither an ICP file nor an ICP id: no such file, and the registry icp-versions holds no ICP versions. Pass the icp.json written by "icp discover", or --registry DIR.\n',
  },
  {
    name: 'diff: --data nested 100,000 deep',
    argv: ['diff', 'icp.json', 'icp.json', '--data', 'deep.json'],
    status: 3,
    stderr:
      'icp: deep.json line 1: JSON nested 100,002 levels deep; the most read is 64. Export the records flat: one object of values per record.\n',
  },
  {
    name: 'diff: --data gzip named .csv',
    argv: ['diff', 'icp.json', 'icp.json', '--data', 'gzipped.csv'],
    status: 3,
    stderr:
      'icp: gzipped.csv: looks compressed (gzip), not CSV text. Name it gzipped.csv.gz so it is read as compressed, or decompress it first.\n',
  },
  // versions
  {
    name: 'versions: --registry a file',
    argv: ['versions', '--registry', 'a-file'],
    status: 2,
    stderr:
      'icp: a-file: cannot read the ICP registry (ENOTDIR). Pass another folder with --registry DIR.\n',
  },
  // serve
  {
    name: 'serve: a port above 65535',
    argv: ['serve', '--icp', 'icp.json', '--port', '99999'],
    status: 2,
    stderr: 'icp: --port: "99999" is not a whole number from 0 to 65,535. Pass e.g. --port 0.\n',
  },
  {
    name: 'serve: a negative port',
    argv: ['serve', '--icp', 'icp.json', '--port', '-1'],
    status: 2,
    stderr: 'icp: --port: "-1" is not a whole number from 0 to 65,535. Pass e.g. --port 0.\n',
  },
  {
    name: 'serve: a port that is a word',
    argv: ['serve', '--icp', 'icp.json', '--port', 'http'],
    status: 2,
    stderr: 'icp: --port: "http" is not a whole number from 0 to 65,535. Pass e.g. --port 0.\n',
  },
  {
    name: 'serve: a port in use',
    argv: ['serve', '--icp', 'icp.json', '--port', '<port>'],
    status: 2,
    stderr:
      'icp: cannot listen on 127.0.0.1:<port>: the port is in use. Stop what uses it, or pick another with --port.\n',
  },
  {
    name: 'serve: an unknown host',
    argv: ['serve', '--icp', 'icp.json', '--port', '0', '--host', 'no-such-host.invalid'],
    status: 2,
    stderr:
      'icp: cannot listen on no-such-host.invalid:0: "no-such-host.invalid" is not an address of this machine. Use --host 127.0.0.1 (this machine only) or --host 0.0.0.0 (every interface).\n',
  },
  {
    name: 'serve: an ICP without a scorecard',
    argv: ['serve', '--icp', 'no-scorecard.json', '--port', '0'],
    status: 2,
    stderr:
      'icp: the ICP d7c7afdfb3baa98a has no scorecard (verdict no_signal); there is nothing to serve.\n',
  },
  {
    name: 'serve: a batch of zero',
    argv: ['serve', '--icp', 'icp.json', '--max-batch', '0'],
    status: 2,
    stderr:
      'icp: --max-batch: "0" is not a whole number from 1 to 100,000. Pass e.g. --max-batch 1.\n',
  },
  // demo
  {
    name: 'demo: too few accounts',
    argv: ['demo', '--accounts', '5', '--out', 'out/demo'],
    status: 2,
    stderr:
      'icp: --accounts: "5" is not a whole number from 100 to 1,000,000. Pass e.g. --accounts 100.\n',
  },
  {
    name: 'demo: --out onto a file',
    argv: ['demo', '--accounts', '100', '--out', 'a-file'],
    status: 4,
    stderr:
      'generating a sample world of 100 accounts...\nicp: <dir>/a-file/data: cannot create the folder (ENOTDIR). Choose another output folder.\n',
  },
];
