import type { ServerResponse } from 'node:http';
import helmet, { HelmetOptions } from 'helmet';
import type { AppConfig } from '@app/common';

/**
 * The security headers of every response, as helmet computes them for our policy (PRODUCT.md
 * "CSP on pages": no form-action, since browsers apply it to the redirect after the login and
 * consent forms). Helmet runs once at start against a recording response; the hook then sets
 * the recorded headers on each response (running helmet's middleware per request cost more CPU
 * than the bearer check it guards).
 */
export function securityHeaders(config: AppConfig): Record<string, string> {
  const options: HelmetOptions = {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.server.issuer.startsWith('https:'),
    crossOriginResourcePolicy: { policy: 'same-origin' },
  };
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number | readonly string[]) => { headers[name] = String(value); },
    removeHeader: (name: string) => { delete headers[name]; },
  } as unknown as ServerResponse;
  let done = false;
  helmet(options)({} as never, recorder, (err?: unknown) => {
    if (err) throw err;
    done = true;
  });
  if (!done) throw new Error('helmet did not finish synchronously');
  return headers;
}
