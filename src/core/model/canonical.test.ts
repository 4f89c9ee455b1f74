import { describe, expect, it } from 'vitest';
import { rankShapes } from '../shapes/match-shape.js';
import { CANONICAL, normalizeHeader } from './canonical.js';

/**
 * Headers that look like a canonical column but can mean something else: mapped, they would
 * change what the column says ("Employees >= 45" when it means seats).
 */
const NOT_ALIASES: readonly [string, string, string][] = [
  ['accounts', 'employees', 'seats'],
  ['accounts', 'employees', 'users'],
  ['accounts', 'employees', 'licences'],
  ['accounts', 'employees', 'licenses'],
  ['accounts', 'employees', 'members'],
  ['accounts', 'employees', 'company size'],
  ['accounts', 'annual_revenue', 'revenue'],
  ['accounts', 'annual_revenue', 'total revenue'],
  ['accounts', 'industry', 'category'],
  ['accounts', 'domain', 'url'],
  ['accounts', 'country', 'office location'],
  ['tickets', 'minutes', 'time spent'],
  ['tickets', 'minutes', 'handle time'],
  ['tickets', 'minutes', 'full resolution time in minutes'],
  ['tickets', 'minutes', 'resolution time minutes'],
  ['feedback', 'score', 'rating'],
  ['deals', 'stage', 'closed won'],
];

describe('canonical aliases', () => {
  it.each(NOT_ALIASES)('%s.%s is never read from a "%s" column', (table, column, header) => {
    const spec = CANONICAL[table as keyof typeof CANONICAL].columns as Record<
      string,
      { aliases: readonly string[] }
    >;
    expect(spec[column]?.aliases.map(normalizeHeader)).not.toContain(normalizeHeader(header));
    const mapped = rankShapes(['id', header], { table: table as keyof typeof CANONICAL }).flatMap(
      (m) =>
        Object.entries(m.columns)
          .filter(([, c]) => c.header === header)
          .map(([c]) => c),
    );
    expect(mapped).not.toContain(column);
  });
});
