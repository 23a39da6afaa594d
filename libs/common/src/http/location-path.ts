/**
 * A relative path made safe for a `Location` header: every character outside printable ASCII is
 * percent-encoded as UTF-8 (RFC 3986 §2.1; browsers decode it back), so a path like "/中" does not
 * make Node refuse the header (it only takes Latin-1) and Latin-1 characters are not sent raw.
 * Characters that are already ASCII, "%" included, stay as they are. Returns null for what cannot
 * be encoded (a lone surrogate): the caller falls back to its default.
 */
export function encodeLocationPath(path: string): string | null {
  try {
    return path.replace(/[^\x21-\x7e]+/gu, (run) => encodeURI(run));
  } catch {
    return null;
  }
}
