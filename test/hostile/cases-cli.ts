import { CONFIG, type HostileCase } from './case-helpers.js';

/** Hostile cases of the command line itself, generate and init (see cases.ts). */
export const CLI_CASES: readonly HostileCase[] = [
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
];
