/**
 * Shows a bad value in a message: quoted, with control characters escaped (JSON string
 * syntax makes a stray tab or line break visible), and cut when long.
 */
export function showValue(value: string, max = 40): string {
  const cut = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return JSON.stringify(cut);
}
