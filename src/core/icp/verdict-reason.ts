import type { IcpDefinition } from './definition.js';

/**
 * An ICP's verdict reason for a sentence that already says "No reliable profile": the reason
 * as discovery wrote it ends in the same words ("...: no reliable profile", "..., so no reliable
 * profile"), which read twice once a caller leads with them.
 *
 * @example verdictReason({ kind: 'no_signal', reason: 'no attribute separates the target: no reliable profile' })
 * // => "no attribute separates the target"
 */
export function verdictReason(verdict: IcpDefinition['verdict']): string {
  return verdict.reason.replace(/(?::|,? so) no reliable profile$/, '');
}
