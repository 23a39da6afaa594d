import { chooseLanguage, fromAcceptLanguage, platformLogoUrl, switchUrl } from './i18n';

describe('i18n', () => {
  it('picks the supported language with the highest q from Accept-Language', () => {
    expect(fromAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(fromAcceptLanguage('fr, en-GB;q=0.7, zh-TW;q=0.5')).toBe('en');
    expect(fromAcceptLanguage('zh;q=0, en;q=0.1')).toBe('en');
    expect(fromAcceptLanguage('fr, de')).toBeNull();
    expect(fromAcceptLanguage(undefined)).toBeNull();
  });

  it('prefers ?lang=, then the cookie, then the header, then English; ignores unknown values', () => {
    expect(chooseLanguage('zh-CN', 'en', 'en')).toBe('zh-CN');
    expect(chooseLanguage('xx', 'zh-CN', 'en')).toBe('zh-CN');
    expect(chooseLanguage(['en'], undefined, 'zh')).toBe('zh-CN');
    expect(chooseLanguage(undefined, undefined, undefined)).toBe('en');
  });

  it('#17 #2 keeps navigation parameters in the switch link and never echoes a protocol request', () => {
    expect(switchUrl('/login?return_to=%2Fx', 'zh-CN')).toBe('/login?return_to=%2Fx&lang=zh-CN');
    expect(switchUrl('/admin/audit?actor=a&lang=en', 'zh-CN')).toBe('/admin/audit?actor=a&lang=zh-CN');
    expect(switchUrl('/oauth2/authorize?client_id=c&code_challenge=abc', 'en')).toBeNull();
  });

  it('accepts only a same-origin path as PLATFORM_LOGO_URL (CSP img-src self, checklist #12)', () => {
    expect(platformLogoUrl({})).toBe('/static/logo.svg');
    expect(platformLogoUrl({ PLATFORM_LOGO_URL: '/static/acme.png' })).toBe('/static/acme.png');
    for (const bad of ['https://cdn.example/logo.png', '//cdn.example/l.png', 'javascript:alert(1)', '/\\evil']) {
      expect(() => platformLogoUrl({ PLATFORM_LOGO_URL: bad })).toThrow(/PLATFORM_LOGO_URL/);
    }
  });
});
