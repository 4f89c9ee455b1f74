import type { CliIo } from './io.js';

/**
 * Control characters from file names and values made visible: a name holding ESC could
 * otherwise recolour, move or clear the user's terminal. C0 controls (but tab and line feed,
 * which the output's own layout uses) become `\xNN`; DEL and the C1 controls become `\u00NN`,
 * which stays a valid escape inside the JSON that `--json` prints.
 *
 * @example escapeControls('a\x1b[31mb') // 'a\\x1b[31mb'
 */
export function escapeControls(text: string): string {
  return text.replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
    /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g,
    (c) => {
      const code = c.charCodeAt(0);
      const hex = code.toString(16).padStart(2, '0');
      return code < 0x20 ? `\\x${hex}` : `\\u00${hex}`;
    },
  );
}

/**
 * The same io with every text passed through `escapeControls`; the terminal channel, which
 * carries only the engine's own cursor codes, passes as it is.
 */
export function escapingIo(io: CliIo): CliIo {
  return {
    stdout: (text) => io.stdout(escapeControls(text)),
    stderr: (text) => io.stderr(escapeControls(text)),
    isTTY: io.isTTY,
    ...(io.terminal ? { terminal: io.terminal } : {}),
  };
}
