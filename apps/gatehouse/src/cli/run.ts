import { userInfo } from 'node:os';
import { NestFactory } from '@nestjs/core';
import { ConfigError, DomainError, isDatabaseUnavailable, loadConfig, redactPassword } from '@app/common';
import { CliUsageError, describeOptions, parseOptions } from './args';
import { CliModule } from './cli.module';
import { Command, COMMANDS } from './commands';

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  env: Record<string, string | undefined>;
  /** Whether stderr is a terminal (progress bars); plain lines otherwise. */
  errIsTty?: boolean;
}

/**
 * `npm run cli -- <command> [options]`: prints one JSON object on success (exit 0; `import`
 * exits 2 when some lines had errors); a message on stderr and exit code 1 on bad usage, invalid
 * input (the services' own validation messages) or an unusable configuration.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.out(usage());
    return name ? 0 : 1;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`gatehouse: unknown command "${name}"\n\n${usage()}`);
    return 1;
  }
  try {
    const options = parseOptions(rest, command.options);
    const config = loadConfig(io.env);
    const app = await NestFactory.createApplicationContext(CliModule.forRoot(config, (await command.modules?.()) ?? []), { logger: false, abortOnError: false });
    try {
      const progress = { write: io.err, tty: io.errIsTty ?? false };
      const result = await command.run({ app, audit: { actor: `cli:${osUser(io.env)}`, ip: null }, progress }, options);
      io.out(`${JSON.stringify(result, null, 2)}\n`);
      return command.exitCode?.(result) ?? 0;
    } finally {
      await app.close();
    }
  } catch (err) {
    io.err(`gatehouse ${name}: ${describe(err, command, io.env)}\n`);
    return 1;
  }
}

function describe(err: unknown, command: Command, env: Record<string, string | undefined>): string {
  if (err instanceof CliUsageError) return `${err.message}\n\n${commandHelp(command)}`;
  if (err instanceof ConfigError || err instanceof DomainError) return err.message;
  const message = (err as Error)?.message ?? String(err);
  if (isDatabaseUnavailable(err)) return `cannot reach the database ${redactPassword(env.DATABASE_URL ?? '(default)')}: ${message}`;
  return redactPassword(message);
}

function osUser(env: Record<string, string | undefined>): string {
  try {
    return userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'unknown';
  }
}

function commandHelp(c: Command): string {
  return `  ${c.name}  ${c.summary}\n${describeOptions(c.options)}`;
}

export function usage(): string {
  return [
    'Usage: npm run cli -- <command> [options]',
    '',
    'Commands (each prints one JSON object; the database is DATABASE_URL, as for the server):',
    ...COMMANDS.map(commandHelp),
    '  help  Show this text',
    '',
  ].join('\n');
}
