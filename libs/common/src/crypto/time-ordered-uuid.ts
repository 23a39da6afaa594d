import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562 §5.7): the Unix time in milliseconds in the first 48 bits, then 74
 * random bits. For the ids of rows written by the million (tokens, codes, grants, imported
 * consents) whose id, grant id or parent id is indexed: successive ids land at the end of those
 * indexes instead of at random pages, so an INSERT into a table of ten million tokens touches
 * one random index page (the token hash's) instead of three. Not a secret.
 */
export function timeOrderedUuid(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6] & 0x0f) | 0x70;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
