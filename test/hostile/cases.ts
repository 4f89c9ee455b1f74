/**
 * Hostile command lines, each with its exact outcome. They run with the fixtures folder
 * (fixtures.ts) as the working directory; `<dir>` in a message stands for its absolute path
 * and `<port>` for a port another server holds. `out/` is where a case may write.
 */
export interface HostileCase {
  readonly name: string;
  readonly argv: readonly string[];
  readonly status: number;
  /** Exactly what is printed on stderr. */
  readonly stderr: string;
  /** For a case that succeeds: text its stdout holds. */
  readonly stdout?: string;
}

const IN = 'the input is never overwritten.';
const guard = (flag: string, path: string, role: string) =>
  `icp: ${flag} ${path} is an input of this command (${role}); choose another path: ${IN}\n`;
const folder = (flag: string, path: string) =>
  `icp: ${flag} ${path}: cannot write there: it is a folder; name the file to write inside it. Choose another path.\n`;
const underFile = (flag: string, path: string) =>
  `icp: ${flag} ${path}: cannot write there: <dir>/a-file is a file, not a folder. Choose another path.\n`;
const badDate = (flag: string, value: string) =>
  `icp: ${flag} "${value}": write a date as YYYY-MM-DD, e.g. ${flag} 2025-06-30.\n`;
const noDay = (flag: string, value: string, month: string, days: number) =>
  `icp: ${flag} ${value}: ${month} has no day ${value.slice(8)} (it has ${days} days). Write a real date as YYYY-MM-DD.\n`;
const choices = (option: string, value: string, allowed: string) =>
  `error: option '${option}' argument '${value}' is invalid. Allowed choices are ${allowed}.\n`;
const missing = (option: string) => `error: required option '${option}' not specified\n`;

const CONFIG = 'world/icp.config.yaml';
const SOURCE = (table: string) => `the ${table} source of ${CONFIG}`;

export const CASES: readonly HostileCase[] = [
  // The command line itself
  {
    name: 'no command',
    argv: [],
    status: 2,
    stderr: 'icp: name a command, e.g. icp demo; icp --help lists them all.\n',
  },
  {
    name: 'an unknown command',
    argv: ['chek'],
    status: 2,
    stderr: "error: unknown command 'chek'\n(Did you mean check?)\n",
  },
  {
    name: 'an unknown option',
    argv: ['check', '--config', CONFIG, '--colour'],
    status: 2,
    stderr: "error: unknown option '--colour'\n",
  },
  {
    name: 'an option without its value',
    argv: ['check', '--config'],
    status: 2,
    stderr: "error: option '-c, --config <file>' argument missing\n",
  },
  {
    name: 'a surplus argument',
    argv: ['check', '--config', CONFIG, 'extra'],
    status: 2,
    stderr: "error: too many arguments for 'check'. Expected 0 arguments but got 1.\n",
  },
  // generate
  {
    name: 'generate: accounts not a number',
    argv: ['generate', '--accounts', 'many', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --accounts: "many" is not a whole number from 1 to 100,000,000. Pass e.g. --accounts 1.\n',
  },
  {
    name: 'generate: zero accounts',
    argv: ['generate', '--accounts', '0', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --accounts: "0" is not a whole number from 1 to 100,000,000. Pass e.g. --accounts 1.\n',
  },
  {
    name: 'generate: negative accounts',
    argv: ['generate', '--accounts', '-5', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --accounts: "-5" is not a whole number from 1 to 100,000,000. Pass e.g. --accounts 1.\n',
  },
  {
    name: 'generate: accounts in exponent form',
    argv: ['generate', '--accounts', '1e9', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --accounts: "1e9" is not a whole number from 1 to 100,000,000. Pass e.g. --accounts 1.\n',
  },
  {
    name: 'generate: more accounts than allowed',
    argv: ['generate', '--accounts', '999999999999', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --accounts: "999999999999" is not a whole number from 1 to 100,000,000. Pass e.g. --accounts 1.\n',
  },
  {
    name: 'generate: an empty number',
    argv: ['generate', '--accounts', '', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --accounts: "" is not a whole number from 1 to 100,000,000. Pass e.g. --accounts 1.\n',
  },
  {
    name: 'generate: a seed out of range',
    argv: ['generate', '--seed', '4294967296', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --seed: "4294967296" is not a whole number from 0 to 4,294,967,295. Pass e.g. --seed 0.\n',
  },
  {
    name: 'generate: a fractional seed',
    argv: ['generate', '--seed', '1.5', '--out', 'out/w'],
    status: 2,
    stderr:
      'icp: --seed: "1.5" is not a whole number from 0 to 4,294,967,295. Pass e.g. --seed 0.\n',
  },
  {
    name: 'generate: --out without a value',
    argv: ['generate', '--out'],
    status: 2,
    stderr: "error: option '-o, --out <dir>' argument missing\n",
  },
  {
    name: 'generate: --out onto a file',
    argv: ['generate', '--accounts', '10', '--out', 'a-file'],
    status: 4,
    stderr: 'icp: <dir>/a-file: cannot create the folder (EEXIST). Choose another output folder.\n',
  },
  // init
  {
    name: 'init: no folder given',
    argv: ['init'],
    status: 2,
    stderr: "error: missing required argument 'dir'\n",
  },
  {
    name: 'init: a folder that does not exist',
    argv: ['init', 'no-such-folder'],
    status: 2,
    stderr:
      'icp: no-such-folder: cannot list the folder. Pass a folder that holds your CSV, Parquet or JSON exports.\n',
  },
  {
    name: 'init: a file instead of a folder',
    argv: ['init', 'a-file'],
    status: 2,
    stderr:
      'icp: a-file: cannot list the folder. Pass a folder that holds your CSV, Parquet or JSON exports.\n',
  },
  {
    name: 'init: a folder without data files',
    argv: ['init', 'empty-folder'],
    status: 2,
    stderr:
      'icp: empty-folder: no CSV, TSV, Parquet or JSON files here. Put your exports in this folder or pass another one.\n',
  },
  {
    name: 'init --force: the config a link to a data file it reads',
    argv: ['init', 'init-link', '--force'],
    status: 2,
    stderr:
      'icp: init-link/icp.config.yaml is an input of this command (a data file "icp init" reads in init-link); rename or remove that link first: the input is never overwritten.\n',
  },
  {
    name: 'init: a config already there',
    argv: ['init', 'world'],
    status: 2,
    stderr: 'icp: world/icp.config.yaml already exists. Pass --force to overwrite it.\n',
  },
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
      'icp: keys-40k.yaml: 40,000 problems in the config:\n  k0: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k1: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k2: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k3: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k4: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k5: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k6: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k7: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k8: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k9: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k10: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k11: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k12: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k13: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k14: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k15: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k16: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k17: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k18: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  k19: unknown key. Known keys: version, name, currency, sources, value, target, discover.\n  ... and 39,980 more\n',
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
  // discover
  {
    name: 'discover: no --out',
    argv: ['discover', '--config', CONFIG],
    status: 2,
    stderr: missing('-o, --out <file>'),
  },
  {
    name: 'discover: neither --config nor --data',
    argv: ['discover', '--out', 'out/icp.json'],
    status: 2,
    stderr:
      'icp: discover needs either --config FILE or --data FILE (with --target and --positive), not both.\n',
  },
  {
    name: 'discover: both --config and --data',
    argv: ['discover', '--config', CONFIG, '--data', 'leads.csv', '--out', 'out/icp.json'],
    status: 2,
    stderr:
      'icp: discover needs either --config FILE or --data FILE (with --target and --positive), not both.\n',
  },
  {
    name: 'discover: --data without --target',
    argv: ['discover', '--data', 'leads.csv', '--out', 'out/icp.json'],
    status: 2,
    stderr:
      'icp: --data needs --target COLUMN and --positive VALUE, e.g. --target Churn --positive No.\n',
  },
  {
    name: 'discover: --data that does not exist',
    argv: [
      'discover',
      '--data',
      'nope.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--out',
      'out/icp.json',
    ],
    status: 3,
    stderr:
      'icp: --data nope.csv: the file does not exist or is a folder (looked at <dir>/nope.csv). Check the path.\n',
  },
  {
    name: 'discover: --data a folder',
    argv: [
      'discover',
      '--data',
      'a-folder',
      '--target',
      'won',
      '--positive',
      'yes',
      '--out',
      'out/icp.json',
    ],
    status: 3,
    stderr:
      'icp: --data a-folder: the file does not exist or is a folder (looked at <dir>/a-folder). Check the path.\n',
  },
  {
    name: 'discover: --data without an extension',
    argv: [
      'discover',
      '--data',
      'no-extension',
      '--target',
      'won',
      '--positive',
      'yes',
      '--out',
      'out/icp.json',
    ],
    status: 3,
    stderr:
      'icp: no-extension: cannot tell the format from the extension "(none)". Name the file .csv, .tsv, .parquet, .json or .ndjson after its format.\n',
  },
  {
    name: 'discover: --target not a column',
    argv: [
      'discover',
      '--data',
      'leads.csv',
      '--target',
      'Won',
      '--positive',
      'yes',
      '--out',
      'out/icp.json',
    ],
    status: 2,
    stderr:
      'icp: --target: leads.csv has no column "Won". Did you mean "won"? Columns: id, industry, employees, country, won.\n',
  },
  {
    name: 'discover: --positive never seen',
    argv: [
      'discover',
      '--data',
      'leads.csv',
      '--target',
      'won',
      '--positive',
      'maybe',
      '--out',
      'out/icp.json',
    ],
    status: 2,
    stderr:
      'icp: --positive: "maybe" never occurs in column "won" of leads.csv. Values seen: no, yes.\n',
  },
  {
    name: 'discover: --exclude of every attribute',
    argv: [
      'discover',
      '--data',
      'leads.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--id',
      'id',
      '--exclude',
      'industry,employees,country',
      '--out',
      'out/icp.json',
    ],
    status: 2,
    stderr:
      'icp: leads.csv has no column left to learn from: its columns "id", "industry", "employees", "country", "won" are all the target, the id or excluded. Pass a file with attribute columns, or exclude fewer.\n',
  },
  {
    name: 'discover: a file with no attribute column',
    argv: [
      'discover',
      '--data',
      'noise.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--exclude',
      'x',
      '--out',
      'out/icp.json',
    ],
    status: 2,
    stderr:
      'icp: noise.csv has no column left to learn from: its columns "x", "won" are all the target, the id or excluded. Pass a file with attribute columns, or exclude fewer.\n',
  },
  {
    name: 'discover: --out onto --data',
    argv: [
      'discover',
      '--data',
      'leads.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--out',
      'leads.csv',
    ],
    status: 2,
    stderr: guard('--out', 'leads.csv', 'the --data file'),
  },
  {
    name: 'discover: --out onto a source of the config',
    argv: ['discover', '--config', CONFIG, '--out', 'world/deals.csv'],
    status: 2,
    stderr: guard('--out', 'world/deals.csv', SOURCE('deals')),
  },
  {
    name: 'discover: --out onto a folder',
    argv: [
      'discover',
      '--data',
      'leads.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--out',
      'a-folder',
    ],
    status: 4,
    stderr: folder('--out', 'a-folder'),
  },
  {
    name: 'discover: --today 2024-02-30',
    argv: ['discover', '--config', CONFIG, '--out', 'out/icp.json', '--today', '2024-02-30'],
    status: 2,
    stderr: noDay('--today', '2024-02-30', 'February 2024', 29),
  },
  {
    name: 'discover: --since not a date',
    argv: ['discover', '--config', CONFIG, '--out', 'out/icp.json', '--since', 'last year'],
    status: 2,
    stderr: badDate('--since', 'last year'),
  },
  {
    name: 'discover: --data nested 100,000 deep',
    argv: [
      'discover',
      '--data',
      'deep.json',
      '--target',
      'won',
      '--positive',
      'yes',
      '--out',
      'out/icp.json',
    ],
    status: 3,
    stderr:
      'icp: deep.json line 1: JSON nested 100,002 levels deep; the most read is 64. Export the records flat: one object of values per record.\n',
  },
  {
    name: 'discover: --data gzip named .csv',
    argv: [
      'discover',
      '--data',
      'gzipped.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--out',
      'out/icp.json',
    ],
    status: 3,
    stderr:
      'icp: gzipped.csv: looks compressed (gzip), not CSV text. Name it gzipped.csv.gz so it is read as compressed, or decompress it first.\n',
  },
  {
    name: 'discover: --data with a quote never closed',
    argv: [
      'discover',
      '--data',
      'open-quote.csv',
      '--target',
      'Industry',
      '--positive',
      'SaaS',
      '--out',
      'out/icp.json',
    ],
    status: 3,
    stderr:
      'icp: open-quote.csv line 3: a quote opens there and never closes, so the rest of the file reads as one field (the header came out as one column "Account ID,Industry"). Close the quote, or write a quote inside a field twice ("").\n',
  },
  {
    name: 'discover: --data with 2,001 columns',
    argv: [
      'discover',
      '--data',
      'wide.csv',
      '--target',
      'c0',
      '--positive',
      'x',
      '--out',
      'out/icp.json',
    ],
    status: 3,
    stderr:
      'icp: wide.csv: 2,001 columns; the most read is 2,000. Export only the columns that describe the customer.\n',
  },
  {
    name: 'discover: --parent that does not exist',
    argv: [
      'discover',
      '--data',
      'leads.csv',
      '--target',
      'won',
      '--positive',
      'yes',
      '--parent',
      'nope.json',
      '--out',
      'out/icp.json',
      '--no-registry',
    ],
    status: 2,
    stderr:
      'icp: "nope.json" is neither an ICP file nor an ICP id: no such file, and the registry icp-versions holds no ICP versions. Pass the icp.json written by "icp discover", or --registry DIR.\n',
  },
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
      'icp: tiers-out-of-order.json: tiers are out of order (A 45.038, B 55.084, C 92.005): each is the lowest score of its tier, so A >= B >= C. Restore them from the output of "icp discover".\n',
  },
  {
    name: 'score: a bin with lo above hi',
    argv: ['score', '--icp', 'bin-backwards.json', '--data', 'leads.csv', '--out', 'out/s.csv'],
    status: 2,
    stderr:
      'icp: bin-backwards.json: scorecard.attributes[0].bins[1].bin (employees) runs backwards: lo 1163 is above hi 865. A range goes from lo up to hi: swap them.\n',
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
      'icp: the ICP fc37a4f630e099ae has no scorecard (verdict no_signal: no attribute separates the target beyond chance (false discovery rate 5% over 1 attributes): no reliable profile); nothing to score with.\n',
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
    argv: ['score', '--icp', 'icp.json', '--data', 'duplicate-header.csv', '--out', 'out/s.csv'],
    status: 0,
    stderr:
      'warning: duplicate-header.csv: columns 2 and 3 are both named "Industry"; they are read as "Industry" and "industry_1". Rename them in the file so that each says what it holds.\n',
    stdout: 'Scored 2 rows against ICP ',
  },
  {
    name: 'score: NUL bytes are removed with a warning',
    argv: ['score', '--icp', 'icp.json', '--data', 'nul-bytes.csv', '--out', 'out/s.csv'],
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
      'icp: the ICP fc37a4f630e099ae has no scorecard (verdict no_signal: no attribute separates the target beyond chance (false discovery rate 5% over 1 attributes): no reliable profile); there is nothing to score with, so no SQL. Discover again on more or other data.\n',
  },
  {
    name: 'sql: an unknown dialect',
    argv: ['sql', '--icp', 'icp.json', '--table', 'accounts', '--dialect', 'oracle'],
    status: 2,
    stderr: choices('--dialect <name>', 'oracle', 'duckdb, postgres'),
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
      'icp: tiers-out-of-order.json: tiers are out of order (A 45.038, B 55.084, C 92.005): each is the lowest score of its tier, so A >= B >= C. Restore them from the output of "icp discover".\n',
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
      'icp: the ICP fc37a4f630e099ae has no scorecard (verdict no_signal); there is nothing to serve.\n',
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
