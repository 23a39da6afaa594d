/** JSON nested deeper than any of our DTOs (or import lines) is refused before it is parsed. */
export const MAX_JSON_DEPTH = 32;

/**
 * The checks every JSON text from outside passes before JSON.parse (request bodies, import
 * lines): too deep → refused; prototype poisoning (`__proto__`, `constructor.prototype`) →
 * refused, never merged (as secure-json-parse does). Null when the text may be parsed.
 */
export function jsonTextProblem(text: string, maxDepth = MAX_JSON_DEPTH): string | null {
  if (jsonDepthExceeds(text, maxDepth)) return `nested deeper than ${maxDepth} levels`;
  if (/"__proto__"\s*:|"constructor"\s*:\s*\{[^}]*"prototype"\s*:/.test(text)) return 'has a forbidden key';
  return null;
}

/** A linear scan for [ and { outside strings. */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}
