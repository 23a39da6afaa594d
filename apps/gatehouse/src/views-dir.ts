import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** apps/gatehouse/views, from the sources (tests, ts-node) or from the build output. */
export function viewsDir(): string {
  const candidates = [
    resolve(__dirname, '..', 'views'),
    // dist/apps/gatehouse/apps/gatehouse/src → the project root
    resolve(__dirname, '..', '..', '..', '..', '..', '..', 'apps', 'gatehouse', 'views'),
    resolve(process.cwd(), 'apps', 'gatehouse', 'views'),
  ];
  const found = candidates.find((dir) => existsSync(join(dir, 'error.hbs')));
  if (!found) throw new Error(`views not found (looked in ${candidates.join(', ')})`);
  return found;
}
