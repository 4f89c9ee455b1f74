import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { closest, distance } from 'fastest-levenshtein';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { configSchema, type IcpConfig } from '../../core/config/schema.js';
import { IcpError } from '../../core/errors/icp-error.js';

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
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder' : code;
    throw new IcpError(
      'CONFIG',
      `${file}: cannot read the config (${why}). Pass the path of an icp.config.yaml with --config, or write one with "icp init DIR".`,
      { cause: error },
    );
  }
  return { config: parseConfig(text, file), file, baseDir: dirname(resolve(file)) };
}

/** Validates config text; `file` is only used in messages. */
export function parseConfig(text: string, file: string): IcpConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = yamlError.linePos?.[0]?.line;
    throw new IcpError(
      'CONFIG',
      `${file}${line ? ` line ${line}` : ''}: not valid YAML (${yamlError.message.split('\n')[0]?.replace(/ at line \d+, column \d+:?$/, '')}). Check the indentation and quoting on that line.`,
    );
  }
  const result = configSchema.safeParse(doc.toJS() ?? {}, { reportInput: true });
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${describeConfigIssue(issue)}`);
    const n = lines.length;
    throw new IcpError(
      'CONFIG',
      `${file}: ${n} problem${n === 1 ? '' : 's'} in the config:\n${lines.join('\n')}`,
    );
  }
  return result.data;
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
  return JSON.stringify(input);
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
