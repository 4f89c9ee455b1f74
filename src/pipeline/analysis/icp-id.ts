import { createHash } from 'node:crypto';
import type { IcpDefinition } from '../../core/icp/definition.js';

/**
 * An ICP's identity: discover gives it, audit checks an ICP was not edited since (its content
 * still hashes to its id) and was learned from these data (the same fingerprint).
 */

/** The short form of a data fingerprint stored in an ICP's provenance. */
export function hashFingerprint(fingerprint: string): string {
  return createHash('sha256').update(fingerprint).digest('hex').slice(0, 16);
}

/** The content hash of an ICP: everything but the id and parent, so an edit gets a new id. */
export function icpId(body: Omit<IcpDefinition, 'id'>): string {
  const { parent: _parent, ...content } = body;
  return createHash('sha256').update(JSON.stringify(content)).digest('hex').slice(0, 16);
}
