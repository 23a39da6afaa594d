import { createHash } from 'node:crypto';
import { withInlineStyleHashes } from './docs-csp';

const sha = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
const CSP = "default-src 'self';script-src 'self';style-src 'self';img-src 'self' data:";

describe(withInlineStyleHashes.name, () => {
  it('allows exactly the inline <style> blocks and style attributes of the page, by hash; scripts stay as they were', () => {
    const html = '<style>body{margin:0}</style><svg style="position:absolute;width:0;height:0"></svg><script src="./docs/x.js"></script>';
    const csp = withInlineStyleHashes(CSP, html);
    const styleSrc = /style-src ([^;]*)/.exec(csp)?.[1] ?? '';
    expect(styleSrc).toContain("'self'");
    expect(styleSrc).toContain("'unsafe-hashes'");
    expect(styleSrc).toContain(sha('body{margin:0}'));
    expect(styleSrc).toContain(sha('position:absolute;width:0;height:0'));
    expect(styleSrc).not.toContain("'unsafe-inline'");
    expect(csp).toContain("script-src 'self';");
  });

  it('also allows the <style> Swagger UI renders for its logo (from the bundle)', () => {
    expect(withInlineStyleHashes(CSP, '<p></p>')).toContain(sha('.logo_small_svg__cls-2{fill:#fff}.logo_small_svg__cls-3{fill:#85ea2d}'));
  });
});
