import { InvalidTargetError } from '@app/common';
import { parseResourceParam } from './resource-param';

describe('parseResourceParam', () => {
  it('passes an absolute http(s) URI through and leaves an absent one to the default', () => {
    expect(parseResourceParam(undefined)).toBeUndefined();
    expect(parseResourceParam('https://api.example/v1')).toBe('https://api.example/v1');
  });

  it('refuses relative URIs, fragments, credentials and other schemes with invalid_target', () => {
    for (const bad of ['api', '/api', 'https://api.example/#x', 'https://u:p@api.example/', 'urn:x:y', `https://a.example/${'x'.repeat(2050)}`]) {
      expect(() => parseResourceParam(bad)).toThrow(InvalidTargetError);
    }
    try { parseResourceParam('api'); } catch (e) { expect((e as InvalidTargetError).error).toBe('invalid_target'); }
  });
});
