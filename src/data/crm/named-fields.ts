import { closest } from 'fastest-levenshtein';
import { IcpError } from '../../core/errors/icp-error.js';
import type { FileColumn, FileColumnType } from './canonical-files.js';

/**
 * The custom properties / fields the user named with --fields, checked against the ones the
 * CRM describes, as extra columns of accounts.parquet (named as in the CRM).
 *
 * @param kinds maps the CRM's type of each field to a column type (number -> DOUBLE, ...).
 */
export function namedFieldColumns(
  named: readonly string[],
  available: readonly { name: string; type: string }[],
  options: {
    readonly object: string;
    readonly kinds: (type: string) => FileColumnType;
    readonly taken: readonly string[];
    readonly how: string;
  },
): FileColumn[] {
  const byName = new Map(available.map((f) => [f.name, f]));
  return named.map((name) => {
    const field = byName.get(name);
    if (!field) {
      const near =
        available.length > 0
          ? closest(
              name,
              available.map((f) => f.name),
            )
          : undefined;
      throw new IcpError(
        'USAGE',
        `--fields ${name}: ${options.object} has no field "${name}".${near ? ` Did you mean "${near}"?` : ''} ${options.how}`,
      );
    }
    if (options.taken.includes(name))
      throw new IcpError(
        'USAGE',
        `--fields ${name}: the pull reads it already (as a canonical column); leave it out of --fields.`,
      );
    return { name, type: options.kinds(field.type) };
  });
}
