import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../src/cli/run.js';

const root = 'test/bad-inputs';
const cases = readdirSync(root)
  .filter((d) => /^\d\d-/.test(d))
  .sort();
const outDir = mkdtempSync(join(tmpdir(), 'icp-bad-inputs-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('icp check on bad inputs', () => {
  it('has at least 15 kinds of bad input', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  it.each(cases)(
    '%s: prints its exact message, exits non-zero and writes nothing',
    async (name) => {
      const [exitLine, ...rest] = readFileSync(join(root, name, 'expected.txt'), 'utf8').split(
        '\n',
      );
      const out = join(outDir, `${name}.json`);
      let stderr = '';
      let stdout = '';
      const io = {
        stdout: (s: string) => {
          stdout += s;
        },
        stderr: (s: string) => {
          stderr += s;
        },
        isTTY: false,
      };
      const status = await run(
        [
          'check',
          '--config',
          join(root, name, 'icp.config.yaml'),
          '--out',
          out,
          '--today',
          '2026-11-23',
        ],
        io,
      );
      expect(`exit ${status}`).toBe(exitLine);
      expect(status).toBeGreaterThan(0);
      expect(stderr.replaceAll(process.cwd(), '<cwd>')).toBe(rest.join('\n'));
      expect(stdout).toBe('');
      expect(existsSync(out)).toBe(false);
    },
  );
});
