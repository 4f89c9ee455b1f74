import { formatCount } from '../../core/issues/data-issue.js';
import { describeLinked, describeUnlinked } from '../../data/load/link-warning.js';
import type { DataProfile } from '../../data/profile/profile-dataset.js';
import { percent } from '../../core/format/percent.js';

/** The data-quality profile as plain text for a terminal. */
export function formatProfile(profile: DataProfile): string {
  const out: string[] = [];
  for (const t of profile.tables) {
    const extra = [
      t.duplicateRows > 0 ? `${formatCount(t.duplicateRows)} duplicate rows` : '',
      t.orphans > 0 ? `${formatCount(t.orphans)} without a known account` : '',
    ].filter(Boolean);
    out.push(
      `${t.table}: ${formatCount(t.rows)} rows from ${t.file}${t.shape ? ` (${t.shape})` : ''}${extra.length ? ` (${extra.join(', ')})` : ''}`,
    );
    const width = Math.max(...t.columns.map((c) => c.name.length), 6);
    for (const c of t.columns) {
      const range =
        c.min !== undefined && c.max !== undefined
          ? `  ${typeof c.min === 'number' ? formatNum(c.min) : c.min} .. ${typeof c.max === 'number' ? formatNum(c.max) : c.max}`
          : '';
      const top = c.top?.length
        ? `  top: ${c.top
            .slice(0, 3)
            .map((v) => `${v.value} (${formatCount(v.count)})`)
            .join(', ')}`
        : '';
      const from = c.header !== c.name ? ` <- "${c.header}"` : '';
      out.push(
        `  ${c.name.padEnd(width)}  ${percent(c.fillRate, c.fillRate > 0 ? 'small' : 0).padStart(4)} filled  ${formatCount(c.distinct).padStart(7)} distinct${range}${top}${from}`,
      );
    }
    out.push('');
  }
  if (profile.links.length > 0) {
    out.push('Linked to accounts:');
    for (const l of profile.links) {
      const unlinked = describeUnlinked(l);
      const money = l.amount
        ? `; ${formatCount(Math.round(l.amount.total - l.amount.unlinked))} of ${formatCount(Math.round(l.amount.total))} ${l.amount.currency} ${l.amount.label}`
        : '';
      out.push(
        `  ${l.table}: ${formatCount(l.linked)} of ${formatCount(l.rows)} rows (${percent(l.rate, l.rate > 0 ? 'small' : 0)})${money}; ${describeLinked(l)}${unlinked ? `; unlinked: ${unlinked}` : ''}`,
      );
    }
    out.push('');
  }
  const missing = profile.capabilities.filter((c) => !c.available);
  const ok = profile.capabilities.filter((c) => c.available);
  out.push(`Available: ${ok.map((c) => c.label).join(', ')}.`);
  for (const c of missing) out.push(`Unavailable: ${c.reason}.`);
  if (profile.warnings.length > 0) {
    out.push('', `${profile.warnings.length} warning${profile.warnings.length === 1 ? '' : 's'}:`);
    for (const w of profile.warnings) out.push(`  ${w.message}`);
  }
  return `${out.join('\n')}\n`;
}

/** Groups thousands only from 10,000 on, so years read as years. */
function formatNum(x: number): string {
  if (Math.abs(x) < 10_000) return String(Math.round(x * 100) / 100);
  return x.toLocaleString('en-US', { maximumFractionDigits: 2 });
}
