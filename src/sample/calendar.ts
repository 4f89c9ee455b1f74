/** Day numbers (days since 1970-01-01, UTC) and their ISO strings, precomputed for speed. */
const MS_PER_DAY = 86_400_000;

export function dayOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / MS_PER_DAY);
}

export class Calendar {
  private readonly iso: string[] = [];
  private readonly month: Int32Array;
  private readonly dom: Int8Array;

  constructor(
    readonly first: number,
    readonly last: number,
  ) {
    const n = last - first + 1;
    this.month = new Int32Array(n);
    this.dom = new Int8Array(n);
    for (let d = first; d <= last; d++) {
      const date = new Date(d * MS_PER_DAY);
      this.iso.push(date.toISOString().slice(0, 10));
      this.month[d - first] = date.getUTCFullYear() * 12 + date.getUTCMonth();
      this.dom[d - first] = date.getUTCDate();
    }
  }

  /** YYYY-MM-DD of a day number. */
  iso8601(day: number): string {
    return this.iso[day - this.first] as string;
  }

  /** Months since year 0 (year * 12 + month index). */
  monthIndex(day: number): number {
    return this.month[day - this.first] as number;
  }

  dayOfMonth(day: number): number {
    return this.dom[day - this.first] as number;
  }

  /** The day number of a month index's given day (clamped to 28 so every month has it). */
  dayIn(monthIndex: number, dayOfMonth: number): number {
    const y = Math.floor(monthIndex / 12);
    const m = monthIndex % 12;
    return Math.round(Date.UTC(y, m, Math.min(dayOfMonth, 28)) / MS_PER_DAY);
  }

  /** The last day of the quarter the day falls in. */
  quarterEnd(day: number): number {
    const mi = this.monthIndex(day);
    const y = Math.floor(mi / 12);
    const qEndMonth = Math.floor((mi % 12) / 3) * 3 + 3;
    return Math.round(Date.UTC(y, qEndMonth, 1) / MS_PER_DAY) - 1;
  }
}

/** Quotes a CSV field when it holds a comma, quote or line break (RFC 4180). */
export function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
