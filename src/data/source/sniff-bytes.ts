import { open } from 'node:fs/promises';

/** What the first bytes of a file say it is. */
export type ByteKind =
  | { readonly kind: 'text' }
  | { readonly kind: 'parquet' }
  | { readonly kind: 'compressed'; readonly name: string; readonly extension: string }
  | { readonly kind: 'archive'; readonly name: string }
  | { readonly kind: 'utf16' }
  | { readonly kind: 'binary'; readonly controls: number; readonly sampled: number };

/** Bytes read to decide: enough for a header and a few hundred rows. */
const SAMPLE = 64 * 1024;

/** More control bytes than this share of the sample is not text (a CSV has none). */
const BINARY_SHARE = 0.05;

const MAGIC: readonly { bytes: readonly number[]; kind: ByteKind }[] = [
  { bytes: [0x1f, 0x8b], kind: { kind: 'compressed', name: 'gzip', extension: '.gz' } },
  {
    bytes: [0x28, 0xb5, 0x2f, 0xfd],
    kind: { kind: 'compressed', name: 'zstd', extension: '.zst' },
  },
  {
    bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    kind: { kind: 'compressed', name: 'xz', extension: '.xz' },
  },
  { bytes: [0x50, 0x4b, 0x03, 0x04], kind: { kind: 'archive', name: 'ZIP' } },
  { bytes: [0x50, 0x41, 0x52, 0x31], kind: { kind: 'parquet' } },
  { bytes: [0xff, 0xfe], kind: { kind: 'utf16' } },
  { bytes: [0xfe, 0xff], kind: { kind: 'utf16' } },
];

/**
 * Looks at the first 64 KiB of a file: a compression or archive signature, Parquet's magic,
 * a UTF-16 byte-order mark, or so many control bytes that it is not text at all.
 */
export async function sniffBytes(path: string): Promise<ByteKind> {
  const handle = await open(path, 'r');
  let sample: Buffer;
  try {
    const buffer = Buffer.alloc(SAMPLE);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE, 0);
    sample = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  for (const m of MAGIC) {
    if (m.bytes.every((b, i) => sample[i] === b)) return m.kind;
  }
  // "BZh" and the block size 1-9: a header starting "BZh" alone could be a column name.
  if (
    sample.subarray(0, 3).toString('latin1') === 'BZh' &&
    /[1-9]/.test(String.fromCharCode(sample[3] ?? 0))
  )
    return { kind: 'compressed', name: 'bzip2', extension: '.bz2' };
  let controls = 0;
  for (const b of sample) {
    // Tab, LF, VT, FF and CR are text; every other byte below 0x20 (and NUL) is not.
    if (b < 0x20 && (b < 0x09 || b > 0x0d)) controls++;
  }
  return controls > BINARY_SHARE * sample.length
    ? { kind: 'binary', controls, sampled: sample.length }
    : { kind: 'text' };
}
