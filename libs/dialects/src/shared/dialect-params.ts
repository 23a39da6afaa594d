import { HttpRequest, InvalidRequestError, isFormEncoded, RawParams, singleParams } from '@app/common';

/**
 * Parameters of a seed dialect's back-channel call. The seeds send them in the query string
 * (000, 004), a form body (001, 002, 003) or JSON (002); whatever the carrier, each parameter
 * is a single string (RFC 6749 §3.1/§3.2: repeated or structured values are invalid_request)
 * and unknown ones are ignored (#28).
 */
export function queryParams(req: HttpRequest): Record<string, string> {
  return singleParams(req.query as RawParams);
}

/** A form-encoded body, or (where `allowJson`) a flat JSON object; anything else is invalid_request. */
export function bodyParams(req: HttpRequest, allowJson = false): Record<string, string> {
  const type = req.headers['content-type'];
  if (isFormEncoded(type)) return singleParams(req.body as RawParams);
  if (allowJson && isJson(type)) {
    const body = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw new InvalidRequestError('The JSON body must be an object');
    return singleParams(body as RawParams);
  }
  throw new InvalidRequestError(`The request body must be application/x-www-form-urlencoded${allowJson ? ' or application/json' : ''}`);
}

/** Query and body together (a POST that carries its parameters in the URL); a name sent in both is invalid_request. */
export function queryAndBodyParams(req: HttpRequest): Record<string, string> {
  const query = queryParams(req);
  const hasBody = req.body !== undefined && req.body !== null && req.headers['content-type'] !== undefined;
  const body = hasBody ? bodyParams(req) : {};
  for (const key of Object.keys(body)) {
    if (key in query) throw new InvalidRequestError(`Parameter "${key.slice(0, 40)}" must not be repeated`);
  }
  return { ...query, ...body };
}

function isJson(contentType: string | undefined): boolean {
  return !!contentType && /^application\/([\w.-]+\+)?json$/i.test(contentType.split(';')[0].trim());
}
