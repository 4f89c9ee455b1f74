import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { scanText, writeNormalisedCopy } from './text-scan.js';

const dir = mkdtempSync(join(tmpdir(), 'icp-text-scan-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Uint8Array | string) => {
  const p = join(dir, `f${n++}`);
  writeFileSync(p, bytes);
  return p;
};

describe('scanText', () => {
  it('finds nothing wrong in clean UTF-8 with LF or CRLF', async () => {
    expect(await scanText(file('a,b\n1,é\n'))).toEqual({
      invalidBytes: 0,
      firstInvalidLine: undefined,
      loneCarriageReturns: 0,
      bytes: 9,
      nulBytes: 0,
      firstNulLine: undefined,
      longestLine: 4,
      longestLineAt: 2,
    });
    expect((await scanText(file('a,b\r\n1,2\r\n'))).loneCarriageReturns).toBe(0);
  });

  it('counts invalid bytes with the line of the first, and lone CRs', async () => {
    const bytes = Buffer.from([...Buffer.from('h\rok\r'), 0x43, 0x61, 0x66, 0xe9, 0x0d, 0xff]);
    expect(await scanText(file(bytes))).toEqual({
      invalidBytes: 2,
      firstInvalidLine: 3,
      loneCarriageReturns: 3,
      bytes: 11,
      nulBytes: 0,
      firstNulLine: undefined,
      longestLine: 4,
      longestLineAt: 3,
    });
  });

  it('measures lines broken by CR and CRLF as well as LF', async () => {
    const scan = await scanText(file('ab\r\nabcdef\rabc\r\n\r\nabcd'));
    expect([scan.longestLine, scan.longestLineAt]).toEqual([6, 2]);
  });

  it('counts NUL bytes with the line of the first, and finds the longest line across chunks', async () => {
    const long = 'x'.repeat(3 * (1 << 20));
    const scan = await scanText(file(`id,name\n1,a\n2,b\0c\n3,${long}\n4,\0\n`));
    expect(scan).toMatchObject({
      nulBytes: 2,
      firstNulLine: 3,
      longestLine: long.length + 2,
      longestLineAt: 4,
    });
  });

  it('does not mistake a multi-byte character split across 1 MiB chunks for a bad byte', async () => {
    const pad = 'x'.repeat((1 << 20) - 1);
    const p = file(`${pad}é\n`); // é's two bytes straddle the first chunk boundary
    expect((await scanText(p)).invalidBytes).toBe(0);
  });
});

describe('writeNormalisedCopy', () => {
  it('turns CR and CRLF into LF and Windows-1252 bytes into their characters, keeping valid UTF-8', async () => {
    const src = file(
      Buffer.from([0x61, 0x0d, 0x62, 0x0d, 0x0a, 0xe9, 0x20, 0xc3, 0xa9, 0x0d, 0x80]),
    );
    const out = join(dir, 'out.txt');
    await writeNormalisedCopy(src, out);
    expect(readFileSync(out, 'utf8')).toBe('a\nb\né é\n€');
  });

  it('drops NUL bytes', async () => {
    const out = join(dir, 'nul.txt');
    await writeNormalisedCopy(file('a,b\nRe\0tail,\0\0x\n'), out);
    expect(readFileSync(out, 'utf8')).toBe('a,b\nRetail,x\n');
  });

  it('leaves any valid UTF-8 text with LF line breaks and no NUL unchanged (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme' }).map((s) => s.replace(/[\r\0]/g, '')),
        async (text) => {
          const out = join(dir, 'prop.txt');
          await writeNormalisedCopy(file(text), out);
          expect(readFileSync(out, 'utf8')).toBe(text);
        },
      ),
      { numRuns: 50 },
    );
  });
});
