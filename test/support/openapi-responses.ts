import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import supertest from 'supertest';
import type { TestApp } from './app';

/**
 * Checks REAL answers against the OpenAPI document the app serves: the operation is found by
 * method and path template, the response by status (then its `4XX` range), and a JSON body is
 * validated with ajv against the documented schema. Object schemas are closed
 * (additionalProperties: false unless the document says otherwise), so a field the document
 * does not name fails as surely as a missing or mistyped one.
 */

type Json = Record<string, unknown>;
interface Operation { responses: Record<string, { content?: Record<string, { schema?: Json }> }> }
interface Document { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, Json> } }

export interface ResponseCheck { method: string; template: string; status: number }

export class OpenApiResponses {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly routes: { method: string; template: string; pattern: RegExp }[] = [];
  /** Every (operation, status) whose body was validated. */
  readonly checked: ResponseCheck[] = [];

  constructor(private readonly doc: Document) {
    addFormats(this.ajv);
    for (const [name, schema] of Object.entries(doc.components.schemas)) this.ajv.addSchema(toJsonSchema(schema) as Json, `#/components/schemas/${name}`);
    for (const [template, item] of Object.entries(doc.paths)) {
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      for (const method of Object.keys(item)) this.routes.push({ method, template, pattern });
    }
  }

  static async load(t: TestApp): Promise<OpenApiResponses> {
    return new OpenApiResponses((await t.http().get('/docs-json').expect(200)).body as Document);
  }

  /** Throws unless the response is documented and its JSON body matches the documented schema. */
  check(method: string, url: string, res: { status: number; headers: Record<string, string>; body: unknown; text: string }): void {
    const path = url.split('?')[0];
    const route = this.routes.find((r) => r.method === method.toLowerCase() && r.pattern.test(path));
    if (!route) throw new Error(`${method} ${path} is not in the OpenAPI document`);
    const responses = this.doc.paths[route.template][route.method].responses;
    const key = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find((k) => responses[k]);
    if (!key) throw new Error(`${method} ${route.template} answered ${res.status}, which the document does not list (${Object.keys(responses).join(', ')})`);
    const type = String(res.headers['content-type'] ?? '').split(';')[0].trim();
    if (type !== 'application/json') return;
    const schema = responses[key].content?.['application/json']?.schema;
    if (!schema) throw new Error(`${method} ${route.template} ${res.status} answers JSON but documents no JSON schema`);
    const id = `${route.method} ${route.template} ${key}`;
    let validate = this.validators.get(id);
    if (!validate) {
      validate = this.ajv.compile(toJsonSchema(schema) as Json);
      this.validators.set(id, validate);
    }
    if (!validate(JSON.parse(res.text))) {
      throw new Error(`${method} ${route.template} ${res.status}: the body does not match the document:\n${this.ajv.errorsText(validate.errors, { separator: '\n' })}\nbody: ${res.text.slice(0, 800)}`);
    }
    this.checked.push({ method: route.method, template: route.template, status: res.status });
  }

  /** A supertest agent whose every request is checked against the document. */
  agent(t: TestApp): supertest.Agent {
    const agent = t.http();
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const original = agent[method].bind(agent) as (url: string) => supertest.Test;
      (agent as unknown as Record<string, unknown>)[method] = (url: string) =>
        original(url).expect((res: supertest.Response) => this.check(method, url, res as unknown as Parameters<OpenApiResponses['check']>[2]));
    }
    return agent;
  }

  /** The operations with a JSON response the document describes, as `METHOD template`. */
  jsonOperations(): string[] {
    const out: string[] = [];
    for (const [template, item] of Object.entries(this.doc.paths)) {
      for (const [method, op] of Object.entries(item)) {
        const json = Object.entries(op.responses).some(([status, r]) => /^2/.test(status) && r.content?.['application/json']);
        if (json) out.push(`${method.toUpperCase()} ${template}`);
      }
    }
    return out;
  }
}

/** OpenAPI 3.0 schema objects → JSON Schema for ajv: `nullable`, closed objects, local $refs. */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (typeof node !== 'object' || node === null) return node;
  const schema: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'example' || key === 'examples' || key === 'nullable') continue;
    schema[key] = key === 'properties'
      ? Object.fromEntries(Object.entries(value as Json).map(([name, sub]) => [name, toJsonSchema(sub)]))
      : toJsonSchema(value);
  }
  if ((node as Json).nullable === true) {
    if (typeof schema.type === 'string') schema.type = [schema.type, 'null'];
    if (Array.isArray(schema.enum)) schema.enum = [...schema.enum, null];
    if (schema.$ref || schema.allOf || schema.oneOf) return { anyOf: [omit(schema, ['nullable']), { type: 'null' }] };
  }
  if (schema.type === 'object' && schema.properties && schema.additionalProperties === undefined) schema.additionalProperties = false;
  return schema;
}

function omit(obj: Json, keys: string[]): Json {
  return Object.fromEntries(Object.entries(obj).filter(([k]) => !keys.includes(k)));
}
