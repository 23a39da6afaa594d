import { createReadStream, statSync } from 'node:fs';
import { ValidationError } from '@app/common';
import type { ImportSummaryView } from '@app/migration';
import type { Command } from './command';
import { ProgressReporter } from '../progress';

/**
 * The importer pulls in the consent and token libs: loaded only when this command runs, so the
 * other commands start as fast as before. (A dynamic import of the `@app/migration` alias would
 * not be rewritten by the build, hence the relative path to the lib's index.)
 */
const migration = () => import('../../../../../libs/migration/src') as Promise<typeof import('@app/migration')>;

/**
 * `import --file F [--dry-run]`: the importer of PRODUCT.md "Import", streaming the file. Progress
 * goes to stderr (a bar with rate and ETA on a terminal, a line every 10 s otherwise); the summary
 * is printed on stdout. Exit code 0 when every line was imported, 2 when some lines had errors
 * (they are listed in the summary; the other lines were imported), 1 when nothing could run.
 */
export const importCommand: Command = {
  name: 'import',
  summary: 'Import users, channels, openids and grants from an NDJSON file (see docs/MIGRATION.md)',
  options: {
    file: { kind: 'value', required: true, help: 'the NDJSON file ("-" reads standard input)' },
    'dry-run': { kind: 'flag', help: 'check every line and report, writing nothing' },
  },
  modules: async () => [(await migration()).MigrationModule],
  async run({ app, audit, progress }, o) {
    const path = o.values.file;
    let size: number | undefined;
    if (path !== '-') {
      try {
        size = statSync(path).size;
      } catch {
        throw new ValidationError('file', `cannot read ${path}`);
      }
    }
    const source = path === '-' ? process.stdin : createReadStream(path, { highWaterMark: 1 << 20 });
    const reporter = new ProgressReporter(progress, size);
    try {
      const { ImportRunner } = await migration();
      return await app.get(ImportRunner).run(source, {
        dryRun: o.flags.has('dry-run'), audit, onProgress: (p) => reporter.update(p),
        onNotice: (message) => progress.write(`note: ${message}\n`),
      });
    } finally {
      reporter.finish();
    }
  },
  exitCode: (result) => ((result as ImportSummaryView).errors.length > 0 ? 2 : 0),
};
