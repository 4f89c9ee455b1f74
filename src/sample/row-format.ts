/** How the sample world writes ids, amounts and the optional cells it leaves empty. */

/** The share of optional cells left empty, as real exports have them. */
export const MISSING = 0.1;
export const pad = (i: number) => String(i).padStart(7, '0');
export const money = (x: number) => (Math.round(x * 100) / 100).toFixed(2);
