import { ImportTooLargeError, NdjsonLine, readNdjson } from './ndjson-reader';

async function read(chunks: (string | Buffer)[], options = {}): Promise<NdjsonLine[]> {
  const out: NdjsonLine[] = [];
  for await (const line of readNdjson((async function* () { yield* chunks; })(), options)) out.push(line);
  return out;
}

describe(readNdjson.name, () => {
  it('numbers lines from 1, skips blank ones (still counted), takes CRLF and a last line without newline', async () => {
    const lines = await read(['{"a":1}\r\n\n  \n{"b":', '2}\n{"c":3}']);
    expect(lines).toEqual([{ line: 1, value: { a: 1 } }, { line: 4, value: { b: 2 } }, { line: 5, value: { c: 3 } }]);
  });

  it('never tears a multi-byte character split across chunks', async () => {
    const bytes = Buffer.from('{"name":"监听者"}\n', 'utf8');
    const lines = await read([bytes.subarray(0, 11), bytes.subarray(11)]);
    expect(lines).toEqual([{ line: 1, value: { name: '监听者' } }]);
  });

  it('reports bad JSON, non-objects, prototype poisoning, deep nesting and over-long lines, and goes on', async () => {
    const text = ['{bad', '[1]', '"s"', '{"__proto__":{"x":1}}', `${'['.repeat(40)}${']'.repeat(40)}`, `{"x":"${'y'.repeat(200)}"}`, '{"ok":true}'].join('\n');
    const lines = await read([text], { maxLineBytes: 100 });
    expect(lines.map((l) => ('problem' in l ? [l.line, l.problem] : [l.line, 'ok']))).toEqual([
      [1, 'the line is not valid JSON'],
      [2, 'the line must be a JSON object'],
      [3, 'the line must be a JSON object'],
      [4, 'the line has a forbidden key'],
      [5, 'the line is nested deeper than 32 levels'],
      [6, 'the line is longer than 100 bytes'],
      [7, 'ok'],
    ]);
  });

  it('does not hold an over-long line in memory, even across many chunks', async () => {
    const chunks = Array.from({ length: 50 }, () => 'x'.repeat(1000));
    const lines = await read([...chunks, '\n{"after":1}\n'], { maxLineBytes: 2000 });
    expect(lines).toEqual([{ line: 1, problem: 'the line is longer than 2000 bytes' }, { line: 2, value: { after: 1 } }]);
  });

  it('stops with ImportTooLargeError beyond maxBytes', async () => {
    await expect(read(['{"a":1}\n', '{"b":2}\n'], { maxBytes: 10 })).rejects.toBeInstanceOf(ImportTooLargeError);
  });
});
