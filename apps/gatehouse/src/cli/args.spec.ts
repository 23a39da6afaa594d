import { CliUsageError, OptionSpecs, parseOptions } from './args';

const specs: OptionSpecs = {
  name: { kind: 'value', required: true, help: '' },
  'redirect-uri': { kind: 'list', help: '' },
  public: { kind: 'flag', help: '' },
};

describe(parseOptions.name, () => {
  it('reads values, --name=value, repeated lists and flags', () => {
    const o = parseOptions(['--name', 'My App', '--redirect-uri', 'https://a/cb', '--redirect-uri=https://b/cb', '--public'], specs);
    expect(o.values).toEqual({ name: 'My App' });
    expect(o.lists).toEqual({ 'redirect-uri': ['https://a/cb', 'https://b/cb'] });
    expect([...o.flags]).toEqual(['public']);
  });

  it('keeps values that contain "=" or start with "-" when given inline', () => {
    expect(parseOptions(['--name=a=b'], specs).values.name).toBe('a=b');
    expect(parseOptions(['--name=--odd'], specs).values.name).toBe('--odd');
  });

  it.each([
    [['--name', 'a', '--color'], 'unknown option --color'],
    [['--name'], '--name needs a value'],
    [['--name', '--public'], '--name needs a value'],
    [['--name', 'a', '--name', 'b'], '--name may be given only once'],
    [['--public'], '--name is required'],
    [['--name', 'a', '--public=yes'], '--public takes no value'],
    [['--name', 'a', 'stray'], 'unexpected argument "stray"'],
  ])('refuses %p: %s', (args, message) => {
    expect(() => parseOptions(args, specs)).toThrow(CliUsageError);
    expect(() => parseOptions(args, specs)).toThrow(message);
  });
});
