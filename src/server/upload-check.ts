import { IcpError } from '../core/errors/icp-error.js';

/** File signatures of things people upload by mistake, and what to send instead. */
const SIGNATURES: readonly { readonly bytes: readonly number[]; readonly what: string }[] = [
  { bytes: [0x1f, 0x8b], what: 'gzip-compressed: decompress it and send the CSV inside' },
  {
    bytes: [0x28, 0xb5, 0x2f, 0xfd],
    what: 'zstd-compressed: decompress it and send the CSV inside',
  },
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    what: 'a ZIP archive (an Excel .xlsx file is one): save the sheet as "CSV UTF-8" and send that',
  },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text: save it as UTF-8 ("CSV UTF-8") and send that' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text: save it as UTF-8 ("CSV UTF-8") and send that' },
];

/**
 * Refuses an upload that is not CSV text before anything reads it: a known binary or
 * compressed format by its first bytes, or any NUL byte (no CSV text has one). Text that is
 * not valid UTF-8 passes: it is read as Windows-1252, as `icp score` reads it.
 */
export function checkUpload(body: Uint8Array): void {
  if (body.length === 0)
    throw new IcpError(
      'USAGE',
      'the body is empty. Send a CSV file with a header row as the request body.',
    );
  const known = SIGNATURES.find((s) => s.bytes.every((b, i) => body[i] === b));
  if (known) throw new IcpError('USAGE', `the upload is not a CSV file; it is ${known.what}.`);
  // Parquet starts and ends with PAR1: a text header starting "PAR1" does not end so.
  const par1 = [0x50, 0x41, 0x52, 0x31];
  if (body.length >= 8 && par1.every((b, i) => body[i] === b && body[body.length - 4 + i] === b))
    throw new IcpError(
      'USAGE',
      'the upload is not a CSV file; it is a Parquet file: score it with "icp score --icp icp.json --data FILE.parquet --out scored.csv", or send it as CSV.',
    );
  const nul = body.indexOf(0);
  if (nul >= 0) {
    let line = 1;
    for (let i = 0; i < nul; i++) if (body[i] === 0x0a) line++;
    throw new IcpError(
      'USAGE',
      `the upload is not CSV text: byte ${(nul + 1).toLocaleString('en-US')} (line ${line.toLocaleString('en-US')}) is a NUL, so it is a binary file (or UTF-16 text). Send a CSV file saved as UTF-8, with a header row.`,
    );
  }
}

/**
 * An error met while scoring an upload, as the client should see it: the temporary paths the
 * server used replaced by the upload's name (`paths` maps each path to its stand-in), and any
 * other absolute path under the temporary folder removed. The client never learns where the
 * server keeps its files.
 */
export function uploadFailure(
  error: unknown,
  paths: readonly (readonly [string, string])[],
  tempRoot: string,
): IcpError | undefined {
  const message =
    error instanceof IcpError && error.code !== 'INTERNAL'
      ? error.message
      : error instanceof Error && /^[A-Z][A-Za-z ]*Error: /.test(error.message)
        ? // DuckDB's own errors ("Invalid Input Error: ...") are about the file it read.
          `the CSV cannot be read: ${error.message.split('\n')[0]!.replace(/^[A-Za-z ]*Error: /, '')}`
        : undefined;
  if (message === undefined) return undefined;
  let clean = message;
  for (const [path, shown] of paths) clean = clean.replaceAll(path, shown);
  const root = tempRoot.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  clean = clean.replace(new RegExp(`${root}[^\\s"'),]*`, 'g'), 'a temporary copy of the upload');
  return new IcpError('DATA', clean, { cause: error });
}

/**
 * The message for an upload none of whose columns is a scorecard attribute (scoring it would
 * give every row the same score): names the attributes and shows the upload's first line.
 */
export function noAttributeColumns(attributes: readonly string[], body: Uint8Array): string {
  const text = new TextDecoder('utf-8').decode(body.subarray(0, 2000));
  const first = text.split(/\r\n|\n|\r/)[0] ?? '';
  const shown = JSON.stringify(first.length > 200 ? `${first.slice(0, 200)}...` : first);
  const named = attributes.map((a) => JSON.stringify(a)).join(', ');
  return `none of the CSV's columns is an attribute of the ICP, so every row would score the same. Its first line is ${shown}; name the columns as the ICP's attributes (${named}), with a header row, commas between fields and quotes closed.`;
}
