/**
 * RFC 6749 §4.1.2.1: error_description is limited to %x20-21 / %x23-5B / %x5D-7E. Values the
 * client sent are echoed in that alphabet only, and short, so the error page and the redirect
 * never reflect arbitrary input.
 */
export function describeValue(value: string, max = 40): string {
  const clean = value.replace(/[^\x20\x21\x23-\x5B\x5D-\x7E]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}...` : clean;
}

export function describeValues(values: readonly string[], max = 3): string {
  const shown = values.slice(0, max).map((v) => describeValue(v)).join(', ');
  return values.length > max ? `${shown} (and ${values.length - max} more)` : shown;
}
