/** Command-line options: `--name value`, `--name=value`, repeatable lists and bare flags. */
export type OptionKind = 'value' | 'list' | 'flag';

export interface OptionSpec {
  kind: OptionKind;
  required?: boolean;
  help: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedOptions {
  values: Record<string, string>;
  lists: Record<string, string[]>;
  flags: Set<string>;
}

/** Bad usage: reported with the command's help and exit code 1, before anything is touched. */
export class CliUsageError extends Error {}

export function parseOptions(args: readonly string[], specs: OptionSpecs): ParsedOptions {
  const parsed: ParsedOptions = { values: {}, lists: {}, flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const match = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
    if (!match) throw new CliUsageError(`unexpected argument "${arg}"`);
    const [, name, inline] = match;
    const spec = specs[name];
    if (!spec) throw new CliUsageError(`unknown option --${name}`);
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw new CliUsageError(`--${name} takes no value`);
      parsed.flags.add(name);
      continue;
    }
    let value = inline;
    if (value === undefined) {
      if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new CliUsageError(`--${name} needs a value`);
      value = args[++i];
    }
    if (spec.kind === 'list') (parsed.lists[name] ??= []).push(value);
    else if (name in parsed.values) throw new CliUsageError(`--${name} may be given only once`);
    else parsed.values[name] = value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    const given = spec.kind === 'list' ? !!parsed.lists[name] : name in parsed.values;
    if (spec.required && !given) throw new CliUsageError(`--${name} is required`);
  }
  return parsed;
}

export function describeOptions(specs: OptionSpecs): string {
  return Object.entries(specs)
    .map(([name, spec]) => {
      const arg = spec.kind === 'flag' ? `--${name}` : `--${name} <value>`;
      const notes = [spec.required ? 'required' : '', spec.kind === 'list' ? 'repeatable' : ''].filter(Boolean).join(', ');
      return `    ${arg.padEnd(28)} ${spec.help}${notes ? ` (${notes})` : ''}`;
    })
    .join('\n');
}
