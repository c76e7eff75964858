import { describe, expect, it } from 'vitest';
import { SETUP_CODE_LENGTH, generateSetupCode, hashSetupCode, normaliseSetupCode, setupCodeMatches } from './setup-code';

const CODE = '7KQ2M-X9D4F-0HWCT-B3N8R';

describe('generateSetupCode', () => {
  it('makes four dash-separated groups of five Crockford base32 characters (100 bits)', () => {
    const code = generateSetupCode();
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}(-[0-9A-HJKMNP-TV-Z]{5}){3}$/);
    expect(SETUP_CODE_LENGTH * 5).toBe(100);
  });

  it('never repeats itself over many codes', () => {
    const codes = new Set(Array.from({ length: 1000 }, generateSetupCode));
    expect(codes.size).toBe(1000);
  });
});

describe('normaliseSetupCode', () => {
  it('ignores case, dashes and spaces', () => {
    expect(normaliseSetupCode(' 7kq2m x9d4f-0hwct  b3n8r ')).toBe('7KQ2MX9D4F0HWCTB3N8R');
    expect(normaliseSetupCode('7KQ2MX9D4F0HWCTB3N8R')).toBe('7KQ2MX9D4F0HWCTB3N8R');
  });

  it('reads the letters people confuse with digits as those digits', () => {
    expect(normaliseSetupCode('7KQ2M-X9D4F-OHWCT-B3N8R')).toBe('7KQ2MX9D4F0HWCTB3N8R');
    expect(normaliseSetupCode('1IL11-11111-11111-11111')).toBe('1'.repeat(20));
  });

  it('refuses anything that cannot be a code: wrong length, letters outside the alphabet, other characters', () => {
    expect(normaliseSetupCode('')).toBeNull();
    expect(normaliseSetupCode('7KQ2M-X9D4F-0HWCT-B3N8')).toBeNull();
    expect(normaliseSetupCode('7KQ2M-X9D4F-0HWCT-B3N8RR')).toBeNull();
    expect(normaliseSetupCode('7KQ2M-X9D4F-0HWCT-B3N8U')).toBeNull();
    expect(normaliseSetupCode('7KQ2M_X9D4F_0HWCT_B3N8R')).toBeNull();
    expect(normaliseSetupCode('7KQ2M-X9D4F-0HWCT-B3N8\u200B')).toBeNull();
  });
});

describe('setupCodeMatches', () => {
  const stored = [hashSetupCode(generateSetupCode()), hashSetupCode(CODE)];

  it('accepts any stored code, typed in any accepted form', () => {
    expect(setupCodeMatches({ typed: CODE, storedHashes: stored })).toBe(true);
    expect(setupCodeMatches({ typed: '7kq2mx9d4fohwctb3n8r', storedHashes: stored })).toBe(true);
  });

  it('refuses a wrong code, a malformed one, and every code when none is stored', () => {
    expect(setupCodeMatches({ typed: '7KQ2M-X9D4F-0HWCT-B3N8S', storedHashes: stored })).toBe(false);
    expect(setupCodeMatches({ typed: 'not a code', storedHashes: stored })).toBe(false);
    expect(setupCodeMatches({ typed: CODE, storedHashes: [] })).toBe(false);
    expect(setupCodeMatches({ typed: CODE, storedHashes: ['not-hex', ''] })).toBe(false);
  });

  it('stores a hash that does not contain the code', () => {
    const hash = hashSetupCode(CODE);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(hash.toUpperCase()).not.toContain('7KQ2M');
  });
});
