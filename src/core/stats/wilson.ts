/**
 * Wilson score interval for a proportion: honest at small n and near 0 or 1, where the
 * normal approximation gives impossible bounds.
 *
 * @example wilsonInterval(8, 10) // => { lo: 0.4902, hi: 0.9433 } (rounded)
 */
export function wilsonInterval(
  positives: number,
  n: number,
  z = 1.959963984540054,
): { lo: number; hi: number } {
  if (n <= 0) return { lo: 0, hi: 1 };
  const p = positives / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denom;
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half) };
}
