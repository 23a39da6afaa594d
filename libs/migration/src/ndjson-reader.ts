import { jsonTextProblem } from '@app/common';

/** The longest line an import accepts (a user with 4 KB of attributes and a PEM key fit easily). */
export const MAX_LINE_BYTES = 64 * 1024;

/** The most an import over HTTP may carry; larger files go through `npm run cli -- import` (no cap). */
export const IMPORT_MAX_BYTES = 1024 * 1024 * 1024;

export type NdjsonLine =
  | { line: number; value: Record<string, unknown> }
  | { line: number; problem: string };

export interface NdjsonReadOptions {
  maxLineBytes?: number;
  /** The whole input may not exceed this (the API's cap); TooLargeError beyond it. */
  maxBytes?: number;
  /** Told the bytes read so far, for progress. */
  onBytes?: (bytes: number) => void;
}

export class ImportTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the import is larger than ${maxBytes} bytes`);
  }
}

/**
 * NDJSON, streamed: one JSON object per line (LF or CRLF), numbered from 1; blank lines are
 * skipped but counted. A line longer than `maxLineBytes` is reported and skipped without being
 * held in memory; each line passes the same depth and prototype-poisoning guard as JSON request
 * bodies before JSON.parse. Bytes are split on LF before decoding, so a multi-byte character
 * split across chunks is never torn.
 */
export async function* readNdjson(source: AsyncIterable<Buffer | string>, options: NdjsonReadOptions = {}): AsyncGenerator<NdjsonLine> {
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  let parts: Buffer[] = [];
  let length = 0;
  let tooLong = false;
  let line = 0;
  let total = 0;
  for await (const chunk of source) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    total += buf.length;
    if (options.maxBytes !== undefined && total > options.maxBytes) throw new ImportTooLargeError(options.maxBytes);
    options.onBytes?.(total);
    let start = 0;
    while (start <= buf.length) {
      const nl = buf.indexOf(10, start);
      const end = nl === -1 ? buf.length : nl;
      if (!tooLong) {
        if (length + (end - start) > maxLine) {
          tooLong = true;
          parts = [];
          length = 0;
        } else if (end > start) {
          parts.push(buf.subarray(start, end));
          length += end - start;
        }
      }
      if (nl === -1) break;
      line++;
      const out = finish(line, parts, length, tooLong, maxLine);
      parts = [];
      length = 0;
      tooLong = false;
      if (out) yield out;
      start = nl + 1;
    }
  }
  if (length > 0 || tooLong) {
    const out = finish(line + 1, parts, length, tooLong, maxLine);
    if (out) yield out;
  }
}

function finish(line: number, parts: Buffer[], length: number, tooLong: boolean, maxLine: number): NdjsonLine | null {
  if (tooLong) return { line, problem: `the line is longer than ${maxLine} bytes` };
  let text = (parts.length === 1 ? parts[0] : Buffer.concat(parts, length)).toString('utf8');
  if (text.endsWith('\r')) text = text.slice(0, -1);
  if (text.trim() === '') return null;
  const problem = jsonTextProblem(text);
  if (problem) return { line, problem: `the line ${problem.startsWith('nested') ? 'is ' : ''}${problem}` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { line, problem: 'the line is not valid JSON' };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { line, problem: 'the line must be a JSON object' };
  return { line, value: value as Record<string, unknown> };
}
