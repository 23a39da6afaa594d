import { loadConfig } from '@app/common';
import { startupBanner } from './banner';

describe(startupBanner.name, () => {
  const config = (env: Record<string, string> = {}) => loadConfig({
    NODE_ENV: 'test', ISSUER: 'https://auth.example', SESSION_SECRET: 's'.repeat(40),
    DATABASE_URL: 'mysql://gatehouse:hunter2-secret@db:3306/gatehouse', ...env,
  });

  it('names the address, the database (password masked), the docs and how an operator gets in', () => {
    const text = startupBanner(config(), { listening: 'http://0.0.0.0:3000', workers: 1, color: false });
    expect(text).toContain('Gatehouse is listening on http://0.0.0.0:3000 (issuer https://auth.example)');
    expect(text).toMatch(/database: +mysql:\/\/gatehouse:\*+@db:3306\/gatehouse/);
    expect(text).not.toContain('hunter2-secret');
    expect(text).toContain('API docs:      https://auth.example/docs');
    expect(text).toContain('npm run cli -- admin:create');
    expect(text).not.toContain('\u001b[');
    expect(text.split('\n').length).toBeLessThanOrEqual(7);
  });

  it('names the bootstrap operator when ADMIN_USERNAME is set, and colours only for a terminal', () => {
    const text = startupBanner(config({ ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-1' }), { listening: 'http://127.0.0.1:3000', workers: 2, color: true });
    expect(text).toContain('operator "root" (ADMIN_USERNAME)');
    expect(text).toContain('2 workers');
    expect(text).toContain('\u001b[1m');
  });
});
