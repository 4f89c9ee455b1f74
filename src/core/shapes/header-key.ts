/**
 * How export headers are compared. Tools write the same field many ways ("Deal Stage",
 * "deal_stage", "DEALSTAGE", "Created (UTC)", "Deal - Status", "invoices.total"), so a header
 * is compared by keys: the letters and digits of it, lower-cased, accents removed; the same
 * without a time-zone marker; the same without the object prefix most of the file's headers share.
 */

/** Letters and digits only, lower-cased, accents removed: "Société (UTC)" -> "societeutc". */
export function headerKey(header: string): string {
  return header
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A trailing time-zone marker: "(UTC)", "[GMT]", "(UTC+01:00)". */
const ZONE = /\s*[([](utc|gmt)([+-]\d{1,2}(:?\d{2})?)?[)\]]\s*$/i;

/** `Deal - Status`, `Organization - Name` (Pipedrive); `invoices.total` (Chargebee, SOQL). */
const PREFIXED = /^\s*([^-.]+?)\s*(?:\s-\s|\.)\s*(\S.*)$/;

/**
 * The object prefix at least half of the headers share (and at least two), as a key, e.g.
 * "deal" for a Pipedrive deals export; undefined when there is none.
 */
export function objectPrefix(headers: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const h of headers) {
    const m = PREFIXED.exec(h);
    if (m?.[1] === undefined) continue;
    const key = headerKey(m[1]);
    if (key !== '') counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const entry of counts) if (!best || entry[1] > best[1]) best = entry;
  return best && best[1] >= 2 && best[1] >= headers.length / 2 ? best[0] : undefined;
}

/**
 * Every key a header answers to, most literal first: as written, without a time-zone marker,
 * without the file's object prefix.
 */
export function headerKeys(header: string, prefix: string | undefined): string[] {
  const keys = [headerKey(header)];
  const unzoned = header.replace(ZONE, '');
  if (unzoned !== header) keys.push(headerKey(unzoned));
  const m = PREFIXED.exec(unzoned);
  if (prefix !== undefined && m?.[1] !== undefined && m[2] !== undefined) {
    if (headerKey(m[1]) === prefix) keys.push(headerKey(m[2]));
  }
  return [...new Set(keys.filter((k) => k !== ''))];
}
