// A resource's checksum: Zeebe keeps the version of a process when the same resource (same bytes)
// is deployed again, and compares resources by a digest of their content to know that.
import { createHash } from 'node:crypto';

/**
 * SHA-256 of the resource's bytes, as lowercase hex. A string is hashed as its UTF-8 encoding, so
 * the XML text and the bytes it was decoded from (as received in a DeployResource request) agree.
 */
export function resourceChecksum(resource: string | Uint8Array): string {
  return createHash('sha256').update(resource).digest('hex');
}
