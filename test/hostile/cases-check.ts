import {
  badDate,
  CONFIG,
  folder,
  guard,
  type HostileCase,
  missing,
  noDay,
  SOURCE,
  underFile,
} from './case-helpers.js';

/** Hostile cases of check: the config, dates, outputs and sources (see cases.ts). */
export const CHECK_CASES: readonly HostileCase[] = [
  // check: the config
  {
    name: 'check: no --config',
    argv: ['check'],
    status: 2,
    stderr: missing('-c, --config <file>'),
  },
  {
    name: 'check: a config that does not exist',
    argv: ['check', '--config', 'nope.yaml'],
    status: 2,
    stderr:
      'icp: nope.yaml: cannot read the config (no such file). Pass the path of an icp.config.yaml with --config, or write one with "icp init DIR".\n',
  },
  {
    name: 'check: a folder as the config',
    argv: ['check', '--config', 'a-folder'],
    status: 2,
    stderr:
      'icp: a-folder: cannot read the config (is a folder). Pass the path of an icp.config.yaml with --config, or write one with "icp init DIR".\n',
  },
  {
    name: 'check: a device as the config',
    argv: ['check', '--config', '/dev/zero'],
    status: 2,
    stderr:
      'icp: /dev/zero: cannot read the config (not a regular file). Pass the path of an icp.config.yaml with --config, or write one with "icp init DIR".\n',
  },
  {
    name: 'check: an empty config path',
    argv: ['check', '--config', ''],
    status: 2,
    stderr: 'icp: --config: the value is empty; pass one (see icp check --help).\n',
  },
  {
    name: 'check: an empty --out',
    argv: ['check', '--config', CONFIG, '--out', ''],
    status: 2,
    stderr: 'icp: --out: the value is empty; pass one (see icp check --help).\n',
  },
  {
    name: 'init: an empty folder name',
    argv: ['init', ''],
    status: 2,
    stderr: 'icp: the argument dir is empty; pass one (see icp init --help).\n',
  },
  {
    name: 'check: a binary config',
    argv: ['check', '--config', 'binary.yaml'],
    status: 2,
    stderr:
      'icp: binary.yaml: 1 problem in the config:\n  (top level): expected object, got "\\u0000\\r\\u001a\'4AN[hu����������\\u0004\\u0011\\u001e+8ER_ly���������…".\n',
  },
  {
    name: 'check: a YAML alias bomb',
    argv: ['check', '--config', 'alias-bomb.yaml'],
    status: 2,
    stderr:
      'icp: alias-bomb.yaml: its aliases (*name) expand to too many values (more than 100 uses of an anchor); a config needs few. Write the values out instead.\n',
  },
  {
    name: 'check: a config over 1 MiB',
    argv: ['check', '--config', 'too-big.yaml'],
    status: 2,
    stderr:
      'icp: too-big.yaml: 1,100,053 bytes; a config is at most 1,048,576 (1 MiB): it names files and columns, not data. Check that --config names the icp.config.yaml.\n',
  },
  {
    name: 'check: duplicate keys',
    argv: ['check', '--config', 'duplicate-keys.yaml'],
    status: 2,
    stderr:
      'icp: duplicate-keys.yaml line 4: the key "accounts" appears twice in the same mapping. Keep one of them.\n',
  },
  {
    name: 'check: YAML nested 50,000 deep',
    argv: ['check', '--config', 'deep.yaml'],
    status: 2,
    stderr:
      'icp: deep.yaml line 1: not valid YAML (nested too deeply). Check the indentation and quoting on that line.\n',
  },
  {
    name: 'check: 40,000 unknown keys',
    argv: ['check', '--config', 'keys-40k.yaml'],
    status: 2,
    stderr:
      'icp: keys-40k.yaml: 40,000 problems in the config:\n  k0: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k1: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k2: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k3: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k4: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k5: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k6: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k7: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k8: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k9: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k10: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k11: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k12: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k13: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k14: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k15: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k16: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k17: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k18: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  k19: unknown key. Known keys: version, name, currency, sources, value, target, discover, voc.\n  ... and 39,980 more\n',
  },
  {
    name: 'check: a source name with an escape sequence',
    argv: ['check', '--config', 'cfg-escape.yaml'],
    status: 3,
    stderr:
      'icp: acc\\x1b[31mounts.csv: the accounts file does not exist or is a folder (looked at <dir>/acc\\x1b[31mounts.csv). Fix sources.accounts.path in the config; it is relative to the config file.\n',
  },
  // check: dates and outputs
  {
    name: 'check: --today not a date',
    argv: ['check', '--config', CONFIG, '--today', 'soon'],
    status: 2,
    stderr: badDate('--today', 'soon'),
  },
  {
    name: 'check: --today an empty string',
    argv: ['check', '--config', CONFIG, '--today', ''],
    status: 2,
    stderr: badDate('--today', ''),
  },
  {
    name: 'check: --today 2024-02-30',
    argv: ['check', '--config', CONFIG, '--today', '2024-02-30'],
    status: 2,
    stderr: noDay('--today', '2024-02-30', 'February 2024', 29),
  },
  {
    name: 'check: --today in month 13',
    argv: ['check', '--config', CONFIG, '--today', '2024-13-01'],
    status: 2,
    stderr:
      'icp: --today 2024-13-01: not a date (the year must be 1900 or later and the month 01 to 12). Write a date as YYYY-MM-DD, e.g. --today 2025-06-30.\n',
  },
  {
    name: 'check: --today 2023-02-29',
    argv: ['check', '--config', CONFIG, '--today', '2023-02-29'],
    status: 2,
    stderr: noDay('--today', '2023-02-29', 'February 2023', 28),
  },
  {
    name: 'check: --out onto the config',
    argv: ['check', '--config', CONFIG, '--out', CONFIG],
    status: 2,
    stderr: guard('--out', CONFIG, 'the --config file'),
  },
  {
    name: 'check: --out onto a source',
    argv: ['check', '--config', CONFIG, '--out', 'world/accounts.csv'],
    status: 2,
    stderr: guard('--out', 'world/accounts.csv', SOURCE('accounts')),
  },
  {
    name: 'check: --out onto a symlink to a source',
    argv: ['check', '--config', CONFIG, '--out', 'link-to-accounts.csv'],
    status: 2,
    stderr: guard('--out', 'link-to-accounts.csv', SOURCE('accounts')),
  },
  {
    name: 'check: --out onto a hard link of a source',
    argv: ['check', '--config', CONFIG, '--out', 'hard-link-to-deals.csv'],
    status: 2,
    stderr: guard('--out', 'hard-link-to-deals.csv', SOURCE('deals')),
  },
  {
    name: 'check: --out onto a folder',
    argv: ['check', '--config', CONFIG, '--out', 'a-folder'],
    status: 4,
    stderr: folder('--out', 'a-folder'),
  },
  {
    name: 'check: --out under a file',
    argv: ['check', '--config', CONFIG, '--out', 'a-file/profile.json'],
    status: 4,
    stderr: underFile('--out', 'a-file/profile.json'),
  },
  {
    name: 'check: --out on a read-only file system',
    argv: ['check', '--config', CONFIG, '--out', '/sys/icp-profile.json'],
    status: 4,
    stderr:
      'icp: --out /sys/icp-profile.json: cannot write there: the folder /sys does not take new files (EACCES). Choose another path.\n',
  },
  // check: sources
  {
    name: 'check: a gzip file named .csv',
    argv: ['check', '--config', 'cfg-gzipped.csv.yaml'],
    status: 3,
    stderr:
      'icp: gzipped.csv: looks compressed (gzip), not CSV text. Name it gzipped.csv.gz so it is read as compressed, or decompress it first.\n',
  },
  {
    name: 'check: a binary file named .csv',
    argv: ['check', '--config', 'cfg-binary.csv.yaml'],
    status: 3,
    stderr:
      'icp: binary.csv: looks like a binary file, not CSV text (3,456 of its first 4,096 bytes are control characters). Pass a CSV, TSV, JSON or Parquet export.\n',
  },
  {
    name: 'check: UTF-16 text',
    argv: ['check', '--config', 'cfg-utf16.csv.yaml'],
    status: 3,
    stderr:
      'icp: utf16.csv: is UTF-16 text (it starts with a UTF-16 byte-order mark). Save it as UTF-8 (in Excel: "CSV UTF-8").\n',
  },
  {
    name: 'check: a Parquet file named .csv',
    argv: ['check', '--config', 'cfg-parquet-named.csv.yaml'],
    status: 3,
    stderr:
      'icp: parquet-named.csv: looks like a Parquet file, not CSV text. Name it with the extension .parquet.\n',
  },
  {
    name: 'check: a CSV file named .parquet',
    argv: ['check', '--config', 'cfg-text-named.parquet.yaml'],
    status: 3,
    stderr:
      'icp: text-named.parquet: is not a Parquet file (it does not start with Parquet\'s "PAR1"). Name it after its real format, e.g. .csv.\n',
  },
  {
    name: 'check: JSON nested 100,000 deep',
    argv: ['check', '--config', 'cfg-deep.json.yaml'],
    status: 3,
    stderr:
      'icp: deep.json line 1: JSON nested 100,002 levels deep; the most read is 64. Export the records flat: one object of values per record.\n',
  },
  {
    name: 'check: JSON holding a NUL escape',
    argv: ['check', '--config', 'cfg-nul-escape.json.yaml'],
    status: 3,
    stderr:
      'icp: nul-escape.json line 1: a string holds the NUL character (\\u0000) 1 time; it is not text and no database compares it. Remove it from the export.\n',
  },
  {
    name: 'check: 2,001 columns',
    argv: ['check', '--config', 'cfg-wide.csv.yaml'],
    status: 3,
    stderr:
      'icp: wide.csv: 2,001 columns; the most read is 2,000. Export only the columns that describe the customer.\n',
  },
  {
    name: 'check: a 3 MiB field',
    argv: ['check', '--config', 'cfg-long-line.csv.yaml'],
    status: 3,
    stderr:
      'icp: long-line.csv line 3: the line is 3,145,731 bytes long; the most a row may have is 2,097,152 (2 MiB). A field that long is not customer data (an attachment or a pasted document?): shorten or remove it.\n',
  },
  {
    name: 'check: a quote never closed',
    argv: ['check', '--config', 'cfg-open-quote.csv.yaml'],
    status: 3,
    stderr:
      'icp: open-quote.csv line 3: a quote opens there and never closes, so the rest of the file reads as one field (the header came out as one column "Account ID,Industry"). Close the quote, or write a quote inside a field twice ("").\n',
  },
  {
    name: 'check: a report footer',
    argv: ['check', '--config', 'cfg-footer.csv.yaml'],
    status: 3,
    stderr:
      'icp: footer.csv: read as one column "Account ID,Industry": its rows do not all have the header\'s fields, so none could be split. Remove any lines after the data (a report export\'s footer) and use one delimiter throughout.\n',
  },
  {
    name: 'check: an empty file',
    argv: ['check', '--config', 'cfg-empty.csv.yaml'],
    status: 3,
    stderr:
      'icp: empty.csv: the file has no data rows. Export it again with its rows, or remove it from the config.\n',
  },
  {
    name: 'check: a header and no rows',
    argv: ['check', '--config', 'cfg-header-only.csv.yaml'],
    status: 3,
    stderr:
      'icp: header-only.csv: the file has no data rows. Export it again with its rows, or remove it from the config.\n',
  },
  {
    name: 'check: duplicate headers are a warning',
    argv: ['check', '--config', 'cfg-duplicate-header.csv.yaml', '--today', '2026-11-23'],
    status: 0,
    stderr: '',
    stdout:
      '  duplicate-header.csv: columns 2 and 3 are both named "Industry"; they are read as "Industry" and "industry_1". Rename them in the file so that each says what it holds.',
  },
  {
    name: 'check: NUL bytes are removed with a warning',
    argv: ['check', '--config', 'cfg-nul-bytes.csv.yaml', '--today', '2026-11-23'],
    status: 0,
    stderr: '',
    stdout:
      '  nul-bytes.csv: 1 NUL byte (first on line 3) removed; NUL is not text. Export the file again without them to silence this warning.',
  },
  {
    name: 'check: a file without an extension',
    argv: ['check', '--config', 'cfg-no-extension.yaml'],
    status: 3,
    stderr:
      'icp: no-extension: cannot tell the format from the extension "(none)". Add format: csv, tsv, parquet, json or ndjson to this source in the config.\n',
  },
];
