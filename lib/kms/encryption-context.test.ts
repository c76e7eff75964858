import { describe, expect, it } from 'vitest';
import { EMPTY_ENCRYPTION_CONTEXT, ZOptionalEncryptionContext, encodeEncryptionContext } from './encryption-context';
import { MAX_ENCRYPTION_CONTEXT_BYTES } from './public-limits';
import { parseInput } from './validation';

const encode = (input: unknown) => parseInput({ schema: ZOptionalEncryptionContext, input });
const codeOf = (input: unknown) => {
  try {
    encode(input);
    return 'NO_ERROR';
  } catch (error) {
    return (error as { code?: string }).code;
  }
};

describe('encryption context', () => {
  it('treats absent and {} as the same, empty context', () => {
    expect(encode(undefined)).toEqual(EMPTY_ENCRYPTION_CONTEXT);
    expect(encode({})).toEqual(EMPTY_ENCRYPTION_CONTEXT);
  });

  it('encodes the same map the same way whatever the insertion order', () => {
    expect(encode({ b: '2', a: '1', é: '3' })).toEqual(encode({ é: '3', a: '1', b: '2' }));
  });

  it('never encodes two different contexts alike (shifted boundaries, swapped roles, extra pairs)', () => {
    const contexts: Record<string, string>[] = [
      { a: 'bc' },
      { ab: 'c' },
      { a: 'b', c: '' },
      { abc: '' },
      { b: 'a' },
      { a: '' },
      { a: 'b\u0000c' },
      { '\u0000': '' },
      { a: '\uFFFD' },
    ];
    const encodings = contexts.map((c) => encode(c).toString('hex'));
    expect(new Set(encodings).size).toBe(contexts.length);
    expect(encodings).not.toContain('');
  });

  it('binds a JSON "__proto__" key like any other instead of dropping it', () => {
    const parsed = JSON.parse('{"__proto__": "x"}') as unknown;
    expect(encode(parsed)).toEqual(encodeEncryptionContext([['__proto__', 'x']]));
    expect(encode(parsed)).not.toEqual(EMPTY_ENCRYPTION_CONTEXT);
  });

  it('refuses empty keys, non-string values, lone surrogates and non-objects with VALIDATION', () => {
    expect(codeOf({ '': 'x' })).toBe('VALIDATION');
    expect(codeOf({ a: 1 })).toBe('VALIDATION');
    expect(codeOf({ a: '\uD800' })).toBe('VALIDATION');
    expect(codeOf({ '\uDC00': 'a' })).toBe('VALIDATION');
    expect(codeOf(['a', 'b'])).toBe('VALIDATION');
    expect(codeOf('a=b')).toBe('VALIDATION');
    expect(codeOf(new Map([['a', 'b']]))).toBe('VALIDATION');
    expect(codeOf(null)).toBe('VALIDATION');
    expect(codeOf({ a: '😀' })).toBe('NO_ERROR');
  });

  it(`bounds keys and values together at ${MAX_ENCRYPTION_CONTEXT_BYTES} UTF-8 bytes`, () => {
    expect(codeOf({ k: 'v'.repeat(MAX_ENCRYPTION_CONTEXT_BYTES - 1) })).toBe('NO_ERROR');
    expect(codeOf({ k: 'v'.repeat(MAX_ENCRYPTION_CONTEXT_BYTES) })).toBe('VALIDATION');
    // Counted in bytes, not characters: 'é' is two.
    expect(codeOf({ k: 'é'.repeat(MAX_ENCRYPTION_CONTEXT_BYTES / 2) })).toBe('VALIDATION');
  });

  it('keeps keys and values out of the error message', () => {
    expect(() => encode({ 'secret-key': '\uD800secret-value' })).toThrow(/^(?!.*secret).*$/s);
  });
});
