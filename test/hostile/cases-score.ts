import { choices, folder, guard, type HostileCase, missing, underFile } from './case-helpers.js';

/** Hostile cases of score (see cases.ts). */
export const SCORE_CASES: readonly HostileCase[] = [
  // score
  {
    name: 'score: no --icp',
    argv: ['score', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr: missing('--icp <file>'),
  },
  {
    name: 'score: --icp that does not exist',
    argv: ['score', '--icp', 'nope.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: "nope.json" is neither an ICP file nor an ICP id: no such file, and the registry icp-versions holds no ICP versions. Pass the icp.json written by "icp discover", or --registry DIR.\n',
  },
  {
    name: 'score: --icp a folder',
    argv: ['score', '--icp', 'a-folder', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: a-folder: is a folder, not an ICP file. Pass the icp.json written by "icp discover", or an ICP id.\n',
  },
  {
    name: 'score: --icp not JSON',
    argv: ['score', '--icp', 'not-json.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: not-json.json: not valid JSON (it starts "format: icp-engine/icp@1"). Restore it from the output of "icp discover".\n',
  },
  {
    name: 'score: --icp nested 100,000 deep',
    argv: ['score', '--icp', 'deep-icp.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: deep-icp.json line 1: JSON nested 100,000 levels deep, which no ICP file is (the most read is 64). Pass the icp.json written by "icp discover".\n',
  },
  {
    name: 'score: --icp of 65 MiB',
    argv: ['score', '--icp', 'huge-icp.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: huge-icp.json: cannot read the ICP file (too large: 68,157,440 bytes). Pass the icp.json written by "icp discover".\n',
  },
  {
    name: 'score: --icp a device',
    argv: ['score', '--icp', '/dev/zero', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: /dev/zero: is not a regular file, not an ICP file. Pass the icp.json written by "icp discover", or an ICP id.\n',
  },
  {
    name: 'score: tiers out of order',
    argv: [
      'score',
      '--icp',
      'tiers-out-of-order.json',
      '--data',
      'leads.csv',
      '--out',
      'out/s.csv',
    ],
    status: 2,
    stderr:
      'icp: tiers-out-of-order.json: tiers are out of order (A 37.139, B 51.179, C 89.755): each is the lowest score of its tier, so A >= B >= C. Restore them from the output of "icp discover".\n',
  },
  {
    name: 'score: a bin with lo above hi',
    argv: ['score', '--icp', 'bin-backwards.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: bin-backwards.json: scorecard.attributes[0].bins[1].bin (employees) runs backwards: lo 825 is above hi 112. A range goes from lo up to hi: swap them.\n',
  },
  {
    name: 'score: a NUL in a category of the ICP',
    argv: ['score', '--icp', 'nul-category.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: nul-category.json: scorecard.attributes[1].bins[0].bin.values[0] holds a NUL character ("re\\u0000tail"), which no database can compare. Remove it from the data and discover again, or from the file.\n',
  },
  {
    name: 'score: an ICP without a scorecard',
    argv: ['score', '--icp', 'no-scorecard.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: the ICP d7c7afdfb3baa98a has no scorecard (verdict no_signal: no attribute separates the target beyond chance (false discovery rate 5% over 1 attributes): no reliable profile); nothing to score with.\n',
  },
  {
    name: 'score: --data that does not exist',
    argv: ['score', '--icp', 'icp.json', '--data', 'nope.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: --data nope.csv: the file does not exist or is a folder (looked at <dir>/nope.csv). Check the path.\n',
  },
  {
    name: 'score: --data gzip named .csv',
    argv: ['score', '--icp', 'icp.json', '--data', 'gzipped.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: gzipped.csv: looks compressed (gzip), not CSV text. Name it gzipped.csv.gz so it is read as compressed, or decompress it first.\n',
  },
  {
    name: 'score: --data binary',
    argv: ['score', '--icp', 'icp.json', '--data', 'binary.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: binary.csv: looks like a binary file, not CSV text (3,456 of its first 4,096 bytes are control characters). Pass a CSV, TSV, JSON or Parquet export.\n',
  },
  {
    name: 'score: --data with a 3 MiB field',
    argv: ['score', '--icp', 'icp.json', '--data', 'long-line.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: long-line.csv line 3: the line is 3,145,731 bytes long; the most a row may have is 2,097,152 (2 MiB). A field that long is not customer data (an attachment or a pasted document?): shorten or remove it.\n',
  },
  {
    name: 'score: --data with a quote never closed',
    argv: ['score', '--icp', 'icp.json', '--data', 'open-quote.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: open-quote.csv line 3: a quote opens there and never closes, so the rest of the file reads as one field (the header came out as one column "Account ID,Industry"). Close the quote, or write a quote inside a field twice ("").\n',
  },
  {
    name: 'score: --data whose open quote defeats the sniffer',
    argv: ['score', '--icp', 'icp.json', '--data', 'short-open-quote.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: short-open-quote.csv line 2: a quote opens there and never closes, so the file cannot be split into rows and fields. Close the quote, or write a quote inside a field twice ("").\n',
  },
  {
    name: 'score: --data with a report footer',
    argv: ['score', '--icp', 'icp.json', '--data', 'footer.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: footer.csv: read as one column "Account ID,Industry": its rows do not all have the header\'s fields, so none could be split. Remove any lines after the data (a report export\'s footer) and use one delimiter throughout.\n',
  },
  {
    name: 'score: --data nested 100,000 deep',
    argv: ['score', '--icp', 'icp.json', '--data', 'deep.json', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: deep.json line 1: JSON nested 100,002 levels deep; the most read is 64. Export the records flat: one object of values per record.\n',
  },
  {
    name: 'score: --data a Parquet file named .csv',
    argv: ['score', '--icp', 'icp.json', '--data', 'parquet-named.csv', '--out', 'out/s.csv'],
    status: 3,
    stderr:
      'icp: parquet-named.csv: looks like a Parquet file, not CSV text. Name it with the extension .parquet.\n',
  },
  {
    name: 'score: --out onto --data',
    argv: ['score', '--icp', 'icp.json', '--data', 'leads.csv', '--out', 'leads.csv'],
    status: 2,
    stderr: guard('--out', 'leads.csv', 'the --data file'),
  },
  {
    name: 'score: --out onto --icp',
    argv: ['score', '--icp', 'icp.json', '--data', 'leads.csv', '--out', 'icp.json'],
    status: 2,
    stderr: guard('--out', 'icp.json', 'the --icp file'),
  },
  {
    name: 'score: --out onto a folder',
    argv: ['score', '--icp', 'icp.json', '--data', 'leads.csv', '--out', 'a-folder'],
    status: 4,
    stderr: folder('--out', 'a-folder'),
  },
  {
    name: 'score: --out under a file',
    argv: ['score', '--icp', 'icp.json', '--data', 'leads.csv', '--out', 'a-file/s.csv'],
    status: 4,
    stderr: underFile('--out', 'a-file/s.csv'),
  },
  {
    name: 'score: --out on a read-only file system',
    argv: ['score', '--icp', 'icp.json', '--data', 'leads.csv', '--out', '/sys/icp-scored.csv'],
    status: 4,
    stderr:
      'icp: --out /sys/icp-scored.csv: cannot write there: the folder /sys does not take new files (EACCES). Choose another path.\n',
  },
  {
    name: 'score: --out of an unknown format',
    argv: ['score', '--icp', 'icp.json', '--data', 'leads.csv', '--out', 'out/s.xlsx'],
    status: 2,
    stderr:
      'icp: --out out/s.xlsx: write .csv, .parquet, .json or .ndjson (the format follows the extension).\n',
  },
  {
    name: 'score: duplicate headers are a warning',
    argv: [
      'score',
      '--icp',
      'icp.json',
      '--data',
      'duplicate-header.csv',
      '--out',
      'out/s.csv',
      '--allow-partial',
    ],
    status: 0,
    stderr:
      'warning: duplicate-header.csv: columns 2 and 3 are both named "Industry"; they are read as "Industry" and "industry_1". Rename them in the file so that each says what it holds.\n',
    stdout: 'Scored 2 rows against ICP ',
  },
  {
    name: 'score: NUL bytes are removed with a warning',
    argv: [
      'score',
      '--icp',
      'icp.json',
      '--data',
      'nul-bytes.csv',
      '--out',
      'out/s.csv',
      '--allow-partial',
    ],
    status: 0,
    stderr:
      'warning: nul-bytes.csv: 1 NUL byte (first on line 3) removed; NUL is not text. Export the file again without them to silence this warning.\n',
    stdout: 'Scored 2 rows against ICP ',
  },
  {
    name: 'score: --out into a folder still to create',
    argv: ['score', '--icp', 'icp.json', '--data', 'leads.csv', '--out', 'out/new/s.csv'],
    status: 0,
    stderr: '',
    stdout: 'Scored 400 rows against ICP ',
  },
  // sql
  {
    name: 'sql: an ICP without a scorecard',
    argv: ['sql', '--icp', 'no-scorecard.json', '--table', 'accounts'],
    status: 2,
    stderr:
      'icp: the ICP d7c7afdfb3baa98a has no scorecard (verdict no_signal: no attribute separates the target beyond chance (false discovery rate 5% over 1 attributes): no reliable profile); there is nothing to score with, so no SQL. Discover again on more or other data.\n',
  },
  {
    name: 'sql: an unknown dialect',
    argv: ['sql', '--icp', 'icp.json', '--table', 'accounts', '--dialect', 'oracle'],
    status: 2,
    stderr: choices('--dialect <name>', 'oracle', 'duckdb, postgres, clickhouse'),
  },
  {
    name: 'sql: an empty table name',
    argv: ['sql', '--icp', 'icp.json', '--table', ''],
    status: 2,
    stderr: 'icp: --table: the value is empty; pass one (see icp sql --help).\n',
  },
  {
    name: 'sql: a table name with an empty part',
    argv: ['sql', '--icp', 'icp.json', '--table', 'crm..accounts'],
    status: 2,
    stderr: 'icp: --table "crm..accounts": name a table, e.g. --table crm.accounts.\n',
  },
  {
    name: 'sql: --icp that does not exist',
    argv: ['sql', '--icp', 'nope.json', '--table', 'accounts'],
    status: 2,
    stderr:
      'icp: "nope.json" is neither an ICP file nor an ICP id: no such file, and the registry icp-versions holds no ICP versions. Pass the icp.json written by "icp discover", or --registry DIR.\n',
  },
];
