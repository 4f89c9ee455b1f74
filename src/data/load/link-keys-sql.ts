import { quoteLiteral } from '../../core/sql/quote.js';
import type { Database } from '../db/database.js';

/**
 * The keys rows are linked to accounts by, as DuckDB macros so every table and the accounts
 * compute them the same way:
 * - `icp_domain_key(x)`: the registrable domain of a website, URL, domain or email
 *   ("https://www.eu.acme.com/about", "jo@acme.com" -> "acme.com"); NULL for free-mail
 *   domains (gmail.com says nothing about the company) and for text with no dot.
 * - `icp_name_key(x)`: a company name without case, accents, punctuation, spaces, a leading
 *   "the" or trailing legal forms ("Acme, Inc." = "ACME Inc" = "acme incorporated" -> "acme").
 */

/** Mail domains anyone can have: an address there does not name the company. */
const FREE_MAIL = [
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'outlook.com',
  'live.com',
  'msn.com',
  'aol.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'mail.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'fastmail.com',
  'hey.com',
  'comcast.net',
  'orange.fr',
  'free.fr',
  'libero.it',
];

/** Second-level labels under a country code that are not the company ("acme.co.uk"). */
const SECOND_LEVEL = ['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ne', 'or', 'gv', 'ltd'];

/** Legal forms dropped from the end of a name, as whole words (after punctuation is dropped). */
const LEGAL_FORMS = [
  'inc',
  'incorporated',
  'llc',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'gmbh',
  'ag',
  'kg',
  'se',
  'sa',
  'sas',
  'sarl',
  'srl',
  'spa',
  'bv',
  'nv',
  'plc',
  'pty',
  'pte',
  'lp',
  'llp',
  'oy',
  'ab',
  'as',
  'kk',
  'ltda',
  'sl',
  'sro',
  'and',
];

const list = (xs: readonly string[]) => xs.map(quoteLiteral).join(', ');

/** Creates the two key macros on a connection (idempotent). */
export async function createLinkKeyMacros(db: Database): Promise<void> {
  // One regular expression per cell at most: a bare domain ("acme.com": no scheme, path, port or
  // "www") is its own host, found by a match without captures; a URL is cut by one extraction
  // (scheme, "www" and everything from the first [/:?#\s] in one pattern, the same host the
  // three replacements in turn gave); an email's domain by its own.
  await db.run(`CREATE OR REPLACE TEMP MACRO icp_host(x) AS rtrim(
      CASE WHEN contains(x, '@') THEN regexp_replace(regexp_extract(x, '@([^@\\s>;,]+)', 1), '^www[0-9]*\\.', '')
        WHEN NOT starts_with(x, 'www') AND NOT regexp_matches(x, '[/:?#\\s]') THEN x
        ELSE regexp_extract(x, '^(?:[a-z][a-z0-9+.-]*://)?(?:www[0-9]*\\.)?([^/:?#\\s]*)', 1) END, '.')`);
  // list_transform([v], p -> ...)[1] names a value once instead of computing it in each branch.
  await db.run(`CREATE OR REPLACE TEMP MACRO icp_registrable(h) AS
    list_transform([string_split(h, '.')], p ->
      CASE WHEN len(p) <= 2 THEN h
        WHEN len(p[-1]) = 2 AND p[-2] IN (${list(SECOND_LEVEL)}) THEN array_to_string(p[-3:], '.')
        ELSE array_to_string(p[-2:], '.') END)[1]`);
  await db.run(`CREATE OR REPLACE TEMP MACRO icp_domain_key(x) AS
    list_transform([icp_registrable(icp_host(lower(trim(CAST(x AS VARCHAR)))))], k ->
      CASE WHEN k IS NULL OR NOT contains(k, '.') OR k IN (${list(FREE_MAIL)}) THEN NULL ELSE k END)[1]`);
  await db.run(`CREATE OR REPLACE TEMP MACRO icp_name_key(x) AS nullif(replace(
    regexp_replace(regexp_replace(trim(regexp_replace(regexp_replace(regexp_replace(
      strip_accents(lower(trim(CAST(x AS VARCHAR)))), '&|\\+', ' and ', 'g'), '[.''\u2019\`]', '', 'g'),
      '[^a-z0-9]+', ' ', 'g')), '^the ', ''),
      '( (${LEGAL_FORMS.join('|')}))+$', ''),
    ' ', ''), '')`);
}
