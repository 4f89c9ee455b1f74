/** Shows a bad value in a message: quoted, control characters made visible, long ones cut. */
export function showValue(value: string, max = 40): string {
  const visible = value.replace(/[\u0000-\u001f]/g, (c) =>
    c === '\t'
      ? '\\t'
      : c === '\n'
        ? '\\n'
        : c === '\r'
          ? '\\r'
          : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const cut = visible.length > max ? `${visible.slice(0, max - 1)}…` : visible;
  return JSON.stringify(cut);
}
