import { dirname, resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { type Document, isScalar, LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { configSchema, type IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';
import { showValue } from '../../core/issues/value-display.js';
import { describeReadError, readSmallFile } from './read-small-file.js';

/** A validated config with the folder its relative paths are resolved against. */
export interface LoadedConfig {
  readonly config: IcpConfig;
  /** The config file, as given. */
  readonly file: string;
  /** Folder of the config file: source paths are relative to it. */
  readonly baseDir: string;
}

/**
 * Reads and validates icp.config.yaml. Every problem is reported at once, each naming its key
 * and the fix.
 *
 * @example const { config, baseDir } = await loadConfig('icp.config.yaml');
 */
export async function loadConfig(file: string): Promise<LoadedConfig> {
  let text: string;
  try {
    text = await readSmallFile(file, MAX_CONFIG_BYTES);
  } catch (error) {
    const size = (error as { size?: number }).size;
    if (size !== undefined) throw configTooLarge(file, size);
    const why = describeReadError(error);
    throw new IcpError(
      'CONFIG',
      `${file}: cannot read the config (${why}). Pass the path of an icp.config.yaml with --config, or write one with "icp init DIR".`,
      { cause: error },
    );
  }
  return { config: parseConfig(text, file), file, baseDir: dirname(resolve(file)) };
}

/** A config names files and columns, not data: past this size it is something else. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Aliases (`*name`) expanded while reading: a few are handy, thousands are an alias bomb. */
const MAX_ALIASES = 100;

/** Problems listed at most; the rest are counted. */
const MAX_LISTED = 20;

function configTooLarge(file: string, bytes: number): IcpError {
  return new IcpError(
    'CONFIG',
    `${file}: ${bytes.toLocaleString('en-US')} bytes; a config is at most ${MAX_CONFIG_BYTES.toLocaleString('en-US')} (1 MiB): it names files and columns, not data. Check that --config names the icp.config.yaml.`,
  );
}

/** Validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): IcpConfig {
  if (Buffer.byteLength(text) > MAX_CONFIG_BYTES)
    throw configTooLarge(file, Buffer.byteLength(text));
  const js = readYaml(text, file);
  const result = configSchema.safeParse(js ?? {}, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues
      .flatMap((issue) => describeConfigIssue(issue).split('\n  '))
      .map((line) => `  ${line}`);
    const n = lines.length;
    const shown =
      n > MAX_LISTED
        ? [
            ...lines.slice(0, MAX_LISTED),
            `  ... and ${(n - MAX_LISTED).toLocaleString('en-US')} more`,
          ]
        : lines;
    throw new IcpError(
      'CONFIG',
      `${file}: ${n.toLocaleString('en-US')} problem${n === 1 ? '' : 's'} in the config:\n${shown.join('\n')}`,
    );
  }
  return result.data;
}

/**
 * YAML text to plain values, with the line of the first problem. Duplicate keys are found
 * here in one pass: the yaml package's own check compares every pair of keys (40,000 keys
 * took 47 s), and aliases are capped (an alias bomb expands to billions of nodes).
 */
export function readYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: false, lineCounter });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    const why = /call stack/i.test(yamlError.message)
      ? 'nested too deeply'
      : yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '');
    throw new IcpError(
      'CONFIG',
      `${file}${line ? ` line ${line}` : ''}: not valid YAML (${why}). Check the indentation and quoting on that line.`,
    );
  }
  const duplicate = firstDuplicateKey(doc);
  if (duplicate) {
    throw new IcpError(
      'CONFIG',
      `${file} line ${lineCounter.linePos(duplicate.offset).line}: the key "${duplicate.key}" appears twice in the same mapping. Keep one of them.`,
    );
  }
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    throw new IcpError(
      'CONFIG',
      `${file}: its aliases (*name) expand to too many values (more than ${MAX_ALIASES} uses of an anchor); a config needs few. Write the values out instead.`,
      { cause: error },
    );
  }
}

function firstDuplicateKey(doc: Document): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const key = String(pair.key.value);
        if (seen.has(key)) {
          found = { key, offset: pair.key.range?.[0] ?? 0 };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

function describeConfigIssue(issue: z.core.$ZodIssue): string {
  const key = issue.path.join('.') || '(top level)';
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeysAt(issue.path);
      return issue.keys
        .map((k) => {
          const where = issue.path.length > 0 ? `${issue.path.join('.')}.${k}` : k;
          const near = known.length > 0 ? closest(k, known) : undefined;
          const guess =
            near !== undefined && distance(k, near) <= Math.max(2, k.length / 3)
              ? ` Did you mean "${near}"?`
              : '';
          const hint = known.length > 0 ? `${guess} Known keys: ${known.join(', ')}.` : '';
          return `${where}: unknown key.${hint}`;
        })
        .join('\n  ');
    }
    case 'invalid_type':
      return issue.input === undefined
        ? `${key}: required. Add it (see the example config in the README).`
        : `${key}: expected ${issue.expected}, got ${describe(issue.input)}.`;
    case 'invalid_value':
      return `${key}: ${describe(issue.input)} is not allowed. Use one of: ${issue.values.map((v) => String(v)).join(', ')}.`;
    case 'invalid_format':
      if (issue.format === 'date')
        return `${key}: ${describe(issue.input)} is not a date. Use YYYY-MM-DD.`;
      return key.endsWith('currency')
        ? `${key}: ${describe(issue.input)} is not a currency code. Use a three-letter ISO 4217 code in capitals, e.g. USD.`
        : `${key}: ${describe(issue.input)} has the wrong format.`;
    case 'too_small':
      if (issue.origin === 'array')
        return `${key}: the list is empty. List at least ${issue.minimum} value.`;
      if (issue.origin === 'string') return `${key}: must not be empty.`;
      return `${key}: ${describe(issue.input)} is too small. Use a number ${issue.inclusive ? 'of at least' : 'above'} ${issue.minimum}.`;
    case 'too_big':
      return `${key}: ${describe(issue.input)} is too long or too large; the most allowed is ${issue.maximum}.`;
    case 'invalid_union':
      return `${key}: ${describe(issue.input)} is not a header name or { column, scale }.`;
    default:
      return `${key}: ${issue.message}.`;
  }
}

function describe(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  return typeof input === 'string' ? showValue(input) : JSON.stringify(input);
}

/** The keys the schema accepts at a path, for "did you mean". */
function knownKeysAt(path: readonly PropertyKey[]): string[] {
  // biome-ignore lint/suspicious/noExplicitAny: walking zod's internal shape generically.
  let schema: any = configSchema;
  for (const part of path) {
    schema = unwrap(schema);
    const shape = schema?.shape;
    if (shape && typeof part === 'string' && part in shape) schema = shape[part];
    else return [];
  }
  const shape = unwrap(schema)?.shape;
  return shape ? Object.keys(shape) : [];
}

// biome-ignore lint/suspicious/noExplicitAny: zod wrappers expose unwrap() on optional/default.
function unwrap(schema: any): any {
  let s = schema;
  while (s && typeof s.unwrap === 'function' && !s.shape) s = s.unwrap();
  return s;
}
