import { ValidationError } from '@app/common';
import { ATTRIBUTES_MAX_BYTES, parseUserAttributes, sameAttributes } from './user-attributes';

describe('parseUserAttributes', () => {
  const fieldOf = (value: unknown): string => {
    try {
      parseUserAttributes(value);
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return (err as ValidationError).field;
    }
    throw new Error('accepted');
  };

  it('keeps a flat object of strings, and treats null and {} as none', () => {
    expect(parseUserAttributes({ seller_name: '倍升互聯(北京)科技有限公司', region: '' })).toEqual({ seller_name: '倍升互聯(北京)科技有限公司', region: '' });
    expect(parseUserAttributes(null)).toBeNull();
    expect(parseUserAttributes({})).toBeNull();
  });

  it('refuses what is not an object, naming the field', () => {
    for (const bad of ['x', 1, true, ['a'], undefined]) expect(fieldOf(bad)).toBe('attributes');
  });

  it('refuses non-string and nested values, naming the attribute', () => {
    expect(fieldOf({ seller_name: 1 })).toBe('attributes.seller_name');
    expect(fieldOf({ a: 'x', flag: false })).toBe('attributes.flag');
    expect(fieldOf({ nested: { a: 'b' } })).toBe('attributes.nested');
    expect(fieldOf({ list: ['b'] })).toBe('attributes.list');
    expect(fieldOf({ gone: null })).toBe('attributes.gone');
    expect(() => parseUserAttributes({ nested: { a: 'b' } })).toThrow(/flat/);
  });

  it('refuses bad and reserved names', () => {
    expect(fieldOf({ '': 'x' })).toBe('attributes');
    expect(fieldOf({ ['n'.repeat(65)]: 'x' })).toBe('attributes');
    expect(fieldOf({ 'a\nb': 'x' })).toBe('attributes');
    expect(fieldOf(JSON.parse('{"__proto__":"x"}'))).toBe('attributes.__proto__');
    expect(fieldOf({ constructor: 'x' })).toBe('attributes.constructor');
  });

  it('counts the serialised size in UTF-8 bytes (4 KB at most)', () => {
    const fits = { v: 'a'.repeat(ATTRIBUTES_MAX_BYTES - '{"v":""}'.length) };
    expect(parseUserAttributes(fits)).toEqual(fits);
    expect(() => parseUserAttributes({ v: `${fits.v}a` })).toThrow(/at most 4096 bytes/);
    expect(fieldOf({ v: '名'.repeat(1400) })).toBe('attributes'); // 4200 bytes in 1400 characters
  });

  it('compares sets regardless of order', () => {
    expect(sameAttributes({ a: '1', b: '2' }, { b: '2', a: '1' })).toBe(true);
    expect(sameAttributes(null, null)).toBe(true);
    expect(sameAttributes({ a: '1' }, null)).toBe(false);
    expect(sameAttributes({ a: '1' }, { a: '2' })).toBe(false);
  });
});
