import { describe, expect, it } from 'vitest';
import { localeForTag, negotiateAcceptLanguage, resolveLocale } from './negotiate-locale';

describe('localeForTag', () => {
  it.each(['zh', 'zh-CN', 'zh-cn', 'zh-Hans', 'zh-Hans-CN', 'zh-SG', 'ZH-hans-SG'])('reads %s as Simplified Chinese', (tag) => {
    expect(localeForTag(tag)).toBe('zh-CN');
  });

  it.each(['zh-TW', 'zh-HK', 'zh-Hant', 'zh-Hant-TW', 'ja', 'fr-FR', '*'])('offers nothing for %s (no Traditional Chinese, no other language)', (tag) => {
    expect(localeForTag(tag)).toBeNull();
  });

  it.each(['en', 'en-GB', 'en-US'])('reads %s as English', (tag) => {
    expect(localeForTag(tag)).toBe('en');
  });
});

describe('negotiateAcceptLanguage', () => {
  it('is English without a header', () => {
    expect(negotiateAcceptLanguage(null)).toBe('en');
    expect(negotiateAcceptLanguage('')).toBe('en');
  });

  it('takes the first supported language in the order given when weights are equal', () => {
    expect(negotiateAcceptLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiateAcceptLanguage('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
  });

  it('honours q-values over the order of the list', () => {
    expect(negotiateAcceptLanguage('en;q=0.5, zh-Hans;q=0.9')).toBe('zh-CN');
    expect(negotiateAcceptLanguage('zh;q=0.3, en-GB;q=0.7')).toBe('en');
  });

  it('skips languages it does not have, then takes the next one it has', () => {
    expect(negotiateAcceptLanguage('fr-FR, de;q=0.9, zh-SG;q=0.5')).toBe('zh-CN');
    expect(negotiateAcceptLanguage('zh-TW, zh;q=0.8')).toBe('zh-CN');
  });

  it('is English when nothing asked for is offered', () => {
    expect(negotiateAcceptLanguage('fr-FR, de;q=0.9')).toBe('en');
    expect(negotiateAcceptLanguage('zh-TW, zh-HK')).toBe('en');
  });

  it('treats q=0 as a refusal', () => {
    expect(negotiateAcceptLanguage('zh-CN;q=0, fr')).toBe('en');
  });

  it('ignores a range whose weight is malformed instead of guessing it', () => {
    expect(negotiateAcceptLanguage('zh-CN;q=2, en;q=0.1')).toBe('en');
    expect(negotiateAcceptLanguage('zh-CN;q=abc')).toBe('en');
  });

  it('answers English for a wildcard that outranks the rest', () => {
    expect(negotiateAcceptLanguage('*, zh;q=0.5')).toBe('en');
  });
});

describe('resolveLocale', () => {
  it('puts the saved preference first', () => {
    expect(resolveLocale({ saved: 'zh-CN', cookie: 'en', acceptLanguage: 'en' })).toBe('zh-CN');
    expect(resolveLocale({ saved: 'en', cookie: 'zh-CN', acceptLanguage: 'zh' })).toBe('en');
  });

  it('uses the cookie when nothing is saved (signed out, or never chosen)', () => {
    expect(resolveLocale({ saved: null, cookie: 'zh-CN', acceptLanguage: 'en' })).toBe('zh-CN');
  });

  it('falls back to Accept-Language, then English', () => {
    expect(resolveLocale({ saved: null, cookie: undefined, acceptLanguage: 'zh-Hans' })).toBe('zh-CN');
    expect(resolveLocale({ saved: undefined, cookie: undefined, acceptLanguage: undefined })).toBe('en');
  });

  it('skips stored values that are not a supported locale', () => {
    expect(resolveLocale({ saved: 'fr', cookie: 'zh', acceptLanguage: 'zh-CN' })).toBe('zh-CN');
    expect(resolveLocale({ saved: 'zh-TW', cookie: '<script>', acceptLanguage: null })).toBe('en');
  });
});
