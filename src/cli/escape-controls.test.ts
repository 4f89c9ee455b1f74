import { describe, expect, it } from 'vitest';
import { escapeControls } from './escape-controls.js';

describe('escapeControls', () => {
  it('makes terminal escapes and other controls visible, keeping tab and line feed', () => {
    expect(escapeControls('acc\x1b[31mounts.csv\tok\n')).toBe('acc\\x1b[31mounts.csv\tok\n');
    expect(escapeControls('a\rb\0c\x7fd\x9be')).toBe('a\\x0db\\x00c\\u007fd\\u009be');
  });

  it('keeps JSON valid: C1 controls become \\u escapes JSON reads back as the same text', () => {
    const value = 'Caf\u0085é\u009b';
    const printed = escapeControls(JSON.stringify({ value }));
    expect(JSON.parse(printed)).toEqual({ value });
  });
});
