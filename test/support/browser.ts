import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';
import packaged from '@sparticuz/chromium';
import { type Browser, chromium } from 'playwright-core';

/**
 * The headless Chromium of the browser tests: the one that ships inside the
 * `@sparticuz/chromium` npm package (a devDependency), so `npm install && npm test` needs
 * nothing from the system's package manager. `ICP_CHROMIUM=/usr/bin/chromium` uses another
 * browser instead (a developer's own); nothing else is ever looked for.
 *
 * The package's own `executablePath()` unpacks into the shared /tmp and reuses whatever
 * /tmp/chromium holds, of any version, even half-written by a run in parallel. This unpacks
 * the same files into `node_modules/.cache/icp-chromium-<version>/`, once, through a temporary
 * folder renamed into place. It also unpacks the NSS and expat libraries the package ships
 * (for Amazon Linux; glibc-compatible with Debian) and its fonts, and points the browser at
 * them, so the browser needs no system library beyond glibc and no system font.
 */
const require = createRequire(import.meta.url);
const packageDir = resolve(dirname(require.resolve('@sparticuz/chromium')), '..', '..');
const version = (
  JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
    version: string;
  }
).version;
const cache = fileURLToPath(
  new URL(`../../node_modules/.cache/icp-chromium-${version}`, import.meta.url),
);

// The package's flags, less three: the two that turn the browser's security off (the tests
// check what a real browser allows: no request from the report, same-origin API calls), and
// --single-process, with which closing a page ends the whole browser.
const DROPPED = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--single-process',
]);
// The flags Debian's chromium needs on a closed network (see STACK.md).
const OTHER_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Starts the test browser; a browser that cannot start fails the test with the reason. */
export async function launchBrowser(): Promise<Browser> {
  const other = process.env.ICP_CHROMIUM;
  const executablePath = other ?? (await unpackedChromium());
  const env = Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  if (!other) {
    env.LD_LIBRARY_PATH = [join(cache, 'lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    env.FONTCONFIG_PATH = join(cache, 'fonts');
  }
  try {
    return await chromium.launch({
      executablePath,
      args: other ? OTHER_ARGS : packaged.args.filter((a) => !DROPPED.has(a)),
      env,
    });
  } catch (e) {
    const reason = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    const source = other
      ? 'ICP_CHROMIUM'
      : `@sparticuz/chromium ${version}; delete ${cache} to unpack it again, or set ICP_CHROMIUM to another Chromium`;
    throw new Error(`The browser tests could not start ${executablePath} (${source}): ${reason}`);
  }
}

/** The path of the unpacked browser, unpacking it first if this checkout has not yet. */
async function unpackedChromium(): Promise<string> {
  const executable = join(cache, 'chromium');
  if (existsSync(executable)) return executable;
  const staging = `${cache}.${process.pid}.tmp`;
  await rm(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  const bin = join(packageDir, 'bin');
  await pipeline(
    createReadStream(join(bin, 'chromium.br')),
    createBrotliDecompress(),
    createWriteStream(join(staging, 'chromium'), { mode: 0o755 }),
  );
  // The GL libraries sit beside the executable, where Chromium looks for them.
  extractTar(join(bin, 'swiftshader.tar.br'), staging);
  extractTar(join(bin, 'al2023.tar.br'), staging);
  extractTar(join(bin, 'fonts.tar.br'), join(staging, 'fonts'));
  // The package's fonts.conf names /tmp/fonts; this one names the fonts unpacked here only.
  await writeFile(
    join(staging, 'fonts', 'fonts.conf'),
    `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${join(cache, 'fonts', 'fonts')}</dir>\n  <cachedir>${join(cache, 'fonts', 'cache')}</cachedir>\n</fontconfig>\n`,
  );
  try {
    await rename(staging, cache);
  } catch (e) {
    // Another test file unpacked it at the same time: keep theirs.
    await rm(staging, { recursive: true, force: true });
    if (!existsSync(executable)) throw e;
  }
  return executable;
}

/**
 * Unpacks a Brotli-compressed tar archive of plain files and folders (all the package ships;
 * anything else is refused rather than guessed at).
 */
function extractTar(archive: string, into: string): void {
  const tar = brotliDecompressSync(readFileSync(archive));
  const field = (header: Buffer, from: number, length: number) =>
    header.toString('latin1', from, from + length).replace(/\0.*$/s, '');
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const name = field(header, 0, 100);
    const size = Number.parseInt(field(header, 124, 12).trim() || '0', 8);
    const type = field(header, 156, 1) || '0';
    const target = resolve(into, name);
    if (!target.startsWith(`${resolve(into)}${sep}`)) {
      throw new Error(`${archive}: entry "${name}" points outside ${into}`);
    }
    if (type === '5') {
      mkdirSync(target, { recursive: true });
    } else if (type === '0') {
      mkdirSync(dirname(target), { recursive: true });
      const mode = Number.parseInt(field(header, 100, 8).trim(), 8) & 0o755;
      writeFileSync(target, tar.subarray(at + 512, at + 512 + size), { mode });
    } else {
      throw new Error(`${archive}: entry "${name}" has tar type "${type}", not a file or folder`);
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
}
