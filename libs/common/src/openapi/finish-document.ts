import type { OpenAPIObject } from '@nestjs/swagger';
import { API_TAG_DESCRIPTIONS } from './api-tags';
import { PUBLIC_EXTENSION } from './security';

/**
 * The last touches @nestjs/swagger cannot make: operations marked @ApiPublic() get an explicit
 * `security: []` (the library drops an empty list), and the tags come in the developer's order
 * with their descriptions. An operation that says neither public nor which scheme it needs is
 * left without `security`, which `npm run lint:openapi` reports.
 */
export function finishDocument(doc: OpenAPIObject): OpenAPIObject {
  for (const item of Object.values(doc.paths)) {
    for (const operation of Object.values(item) as Record<string, unknown>[]) {
      if (typeof operation !== 'object' || operation === null || !(PUBLIC_EXTENSION in operation)) continue;
      delete operation[PUBLIC_EXTENSION];
      operation.security = [];
    }
  }
  doc.tags = Object.entries(API_TAG_DESCRIPTIONS).map(([name, description]) => ({ name, description }));
  return doc;
}
