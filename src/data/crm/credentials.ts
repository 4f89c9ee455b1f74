import { readFile, stat } from 'node:fs/promises';
import { IcpError } from '../../core/errors/icp-error.js';

/**
 * Settings and secrets of a CRM connection, read from the environment or from a file the
 * user names (`--credentials FILE`, lines of `NAME=value`). Nothing here is ever written to
 * an output, the config or a log.
 */
export interface CredentialSource {
  /** The value of `name`: from the file when it has it, else from the environment. */
  get(name: string): string | undefined;
  /** Where `name` came from, for messages: "the environment" or the file's path. */
  origin(name: string): string;
  /** Where a missing value should go, for messages. */
  readonly where: string;
  /** Warnings about the file (readable by others). */
  readonly warnings: readonly string[];
}

/**
 * Reads the credentials: `file` when given (values in it win over the environment), and the
 * environment.
 *
 * @example const creds = await readCredentials(undefined, process.env); creds.get('HUBSPOT_TOKEN')
 */
export async function readCredentials(
  file: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CredentialSource> {
  const fromFile = new Map<string, string>();
  const warnings: string[] = [];
  if (file !== undefined) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
      // Group or world access to a file of secrets is worth a word, not a refusal.
      if (((await stat(file)).mode & 0o077) !== 0)
        warnings.push(
          `${file} can be read by other users of this machine; chmod 600 ${file} keeps the secrets in it yours.`,
        );
    } catch (error) {
      throw new IcpError(
        'USAGE',
        `--credentials ${file}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)}). Name a file of NAME=value lines.`,
        { cause: error },
      );
    }
    for (const [i, raw] of text.split(/\r?\n/).entries()) {
      const line = raw.trim();
      if (line === '' || line.startsWith('#')) continue;
      const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
      if (!m)
        throw new IcpError(
          'USAGE',
          `--credentials ${file} line ${i + 1}: not a NAME=value line (the value is not shown). Write one setting per line, e.g. HUBSPOT_TOKEN=...`,
        );
      fromFile.set(m[1]!, unquote(m[2]!));
    }
  }
  const value = (name: string) => {
    const v = fromFile.get(name) ?? env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  return {
    get: value,
    origin: (name) => (fromFile.has(name) ? file! : 'the environment'),
    where: file === undefined ? 'in the environment' : `in ${file} (or in the environment)`,
    warnings,
  };
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && (t[0] === '"' || t[0] === "'") && t.at(-1) === t[0]) return t.slice(1, -1);
  return t;
}

/**
 * A URL setting that secrets will be sent to: `https://`, or plain `http://` to this machine
 * only (a local proxy, the tests' emulation). Anything else would carry the token in clear.
 */
export function secureUrl(creds: CredentialSource, name: string, fallback: string): string;
export function secureUrl(creds: CredentialSource, name: string): string | undefined;
export function secureUrl(
  creds: CredentialSource,
  name: string,
  fallback?: string,
): string | undefined {
  const value = creds.get(name) ?? fallback;
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new IcpError('CONFIG', `${name} ${value}: not a URL. Write it as https://host.`);
  }
  const local = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local))
    throw new IcpError(
      'CONFIG',
      `${name} ${value}: the token would travel unencrypted. Use https:// (plain http:// is taken for this machine only).`,
    );
  return value;
}
