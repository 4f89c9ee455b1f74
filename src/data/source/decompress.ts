import { createReadStream, createWriteStream } from 'node:fs';
import { basename, extname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { IcpError } from '../../core/errors/icp-error.js';
import { sniffBytes } from './sniff-bytes.js';

/** Compressions DuckDB reads by a second extension ("accounts.csv.gz"), with their names. */
const COMPRESSIONS: Readonly<Record<string, string>> = { '.gz': 'gzip', '.zst': 'zstd' };

/** zstd decompression, present from Node 22.15 (absent from Node 20's zlib). */
const zstd = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream })
  .createZstdDecompress;

/** The compression extension of a file name (".gz", ".zst"), undefined for a plain file. */
export function compressionOf(path: string): string | undefined {
  const ext = extname(path).toLowerCase();
  return Object.hasOwn(COMPRESSIONS, ext) ? ext : undefined;
}

/** The extension that names the format: "accounts.csv.gz" is a csv. */
export function formatExtension(path: string): string {
  const compression = compressionOf(path);
  const plain = compression === undefined ? path : path.slice(0, -compression.length);
  return extname(plain).toLowerCase();
}

/**
 * Checks that a file named compressed is compressed that way, and writes its plain bytes to
 * `target` when Node can decompress it (gzip; zstd from Node 22.15), so every check and repair
 * a plain file gets applies to it too. Returns false when Node cannot (zstd on Node 20): DuckDB
 * then reads the file as it is. Streams: the file is never held in memory.
 */
export async function decompressTo(
  absolutePath: string,
  file: string,
  target: string,
): Promise<boolean> {
  const ext = compressionOf(file) ?? compressionOf(absolutePath) ?? '';
  const name = COMPRESSIONS[ext] ?? ext;
  const kind = await sniffBytes(absolutePath);
  if (kind.kind !== 'compressed' || kind.extension !== ext) {
    const plain = basename(file).slice(0, -ext.length);
    const is = kind.kind === 'compressed' ? `${kind.name}-compressed` : 'not compressed';
    throw new IcpError(
      'SOURCE',
      `${file}: is named ${ext} but is ${is}. Name it after what it is (${kind.kind === 'compressed' ? `${plain}${kind.extension}` : plain}).`,
    );
  }
  const decompressor = ext === '.gz' ? zlib.createGunzip() : zstd?.();
  if (decompressor === undefined) return false;
  try {
    await pipeline(createReadStream(absolutePath), decompressor, createWriteStream(target));
  } catch (error) {
    throw new IcpError(
      'SOURCE',
      `${file}: cannot be decompressed as ${name} (${error instanceof Error ? error.message : String(error)}). Check that the download is complete, or decompress it yourself and pass the plain file.`,
      { cause: error },
    );
  }
  return true;
}
