import { Injectable, Module, OnModuleInit, RequestMethod, SetMetadata } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryModule, DiscoveryService, HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

const ENFORCED = 'gatehouse:allowed-methods';
/** Methods a browser or library may send by mistake; HEAD comes with GET (Fastify exposes it). */
const OTHER_METHODS = ['GET', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/**
 * Marks an endpoint whose other methods answer 405 Method Not Allowed (RFC 9110 §15.5.6) with
 * an `Allow` header and an OAuth JSON error body, instead of the 404 a missing route gives:
 * a client that sent GET to the token endpoint learns what is wrong.
 */
export const AllowedMethodsOnly = (): MethodDecorator => SetMetadata(ENFORCED, true);

/**
 * Registers the 405 routes at start: for every handler marked with AllowedMethodsOnly, the
 * methods no controller declares on that path. Declared methods are read from Nest's route
 * metadata, so another handler on the same path (a CORS preflight, a GET) is never shadowed.
 */
@Injectable()
export class AllowedMethodsRoutes implements OnModuleInit {
  constructor(private readonly discovery: DiscoveryService, private readonly adapter: HttpAdapterHost) {}

  onModuleInit(): void {
    if (!this.adapter.httpAdapter) return; // an application context without HTTP (the CLI)
    const declared = new Map<string, Set<string>>();
    const enforced = new Set<string>();
    for (const wrapper of this.discovery.getControllers()) {
      const type = wrapper.metatype as (new (...args: never[]) => unknown) | undefined;
      if (!type) continue;
      const prefix = Reflect.getMetadata(PATH_METADATA, type) as string | undefined;
      for (const name of Object.getOwnPropertyNames(type.prototype)) {
        const handler = (type.prototype as Record<string, unknown>)[name];
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (path === undefined || method === undefined) continue;
        for (const p of Array.isArray(path) ? path : [path]) {
          const url = joinPath(prefix, p);
          const methods = declared.get(url) ?? new Set<string>();
          methods.add(RequestMethod[method]);
          declared.set(url, methods);
          if (Reflect.getMetadata(ENFORCED, handler)) enforced.add(url);
        }
      }
    }
    const fastify = this.adapter.httpAdapter.getInstance<FastifyInstance>();
    for (const url of enforced) {
      const methods = declared.get(url) ?? new Set<string>();
      const allow = [...methods].sort().join(', ');
      const others = OTHER_METHODS.filter((m) => !methods.has(m));
      if (others.length === 0) continue;
      fastify.route({
        method: [...others],
        url,
        handler: (req, reply) => {
          void reply.code(405).headers({ Allow: allow, 'Cache-Control': 'no-store', Pragma: 'no-cache' }).send({
            error: 'invalid_request',
            error_description: `${req.method} is not allowed here; use ${allow}`,
          });
        },
      });
    }
  }
}

function joinPath(prefix: string | undefined, path: string): string {
  return `/${[prefix ?? '', path].map((s) => s.replace(/^\/+|\/+$/g, '')).filter(Boolean).join('/')}`;
}

@Module({ imports: [DiscoveryModule], providers: [AllowedMethodsRoutes] })
export class AllowedMethodsModule {}
