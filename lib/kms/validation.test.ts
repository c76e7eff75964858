import { describe, expect, it } from 'vitest';
import { isKmsError } from './errors';
import { parseInput, ZAlias, ZCreateKeyInput, ZDescription, ZKeyId, ZKeyRef, ZListKeysInput, ZPendingWindowInDays } from './validation';

const ok = (schema: { safeParse: (v: unknown) => { success: boolean } }, value: unknown) => schema.safeParse(value).success;

describe('ZAlias (SPEC §1: ^[a-zA-Z0-9:/_-]{1,255}$, no "/default" suffix, no "aws/" prefix)', () => {
  it.each([
    ['a single character', 'a'],
    ['every allowed character class', 'Team-1_prod:eu/app'],
    ['exactly 255 characters', 'a'.repeat(255)],
    ['"default" not as a path suffix', 'default'],
    ['"/default" in the middle', 'x/default/y'],
    ['"aws" without the slash', 'aws-prod'],
    ['"AWS/" in another case (aliases are case-sensitive)', 'AWS/prod'],
  ])('accepts %s', (_label, alias) => {
    expect(ok(ZAlias, alias)).toBe(true);
  });

  it.each([
    ['the empty string', ''],
    ['256 characters', 'a'.repeat(256)],
    ['a "/default" suffix', 'app/default'],
    ['the reserved "aws/" prefix', 'aws/ebs'],
    ['the "alias/" prefix (ambiguous with the AWS form)', 'alias/app'],
    ['a script tag', '<script>alert(1)</script>'],
    ['quotes', `it's "quoted"`],
    ['SQL-ish text', "x'; DROP TABLE Key;--"],
    ['a space', 'my key'],
    ['a trailing newline', 'app\n'],
    ['a bidi override', 'app\u202Etxt'],
    ['a zero-width space', 'app\u200B'],
    ['a NUL byte', 'app\u0000'],
    ['non-ASCII letters', 'clé'],
    ['a dot', 'app.prod'],
    ['a non-string', 42],
  ])('rejects %s', (_label, alias) => {
    expect(ok(ZAlias, alias)).toBe(false);
  });
});

describe('ZDescription (0–255 code points, no control, bidi override, surrogate or separator characters)', () => {
  it.each([
    ['empty', ''],
    ['one character', 'x'],
    ['255 characters', 'd'.repeat(255)],
    ['255 astral characters (510 UTF-16 units): counted as code points', '😀'.repeat(255)],
    ['a script tag, kept as text (escaped at render, not refused)', '<script>alert("x")</script>'],
    ['quotes and SQL-ish text', `O'Brien "key"; DROP TABLE Key;--`],
    ['Chinese, Arabic and combining marks', '密钥 مفتاح é'],
    ['leading and trailing spaces, kept as typed', '  spaced  '],
    ['an emoji family (zero-width joiner sequence)', 'team 👨\u200D👩\u200D👧\u200D👦'],
    ['Persian with a zero-width non-joiner', 'می\u200Cخواهم'],
    ['a flag made of tag characters', '\u{1F3F4}\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}'],
    ['right-to-left and left-to-right marks U+200F/U+200E, and the Arabic letter mark U+061C', 'مفتاح\u200F (v2)\u200E \u061C١٢'],
    ['a zero-width space U+200B and a byte order mark U+FEFF (invisible, but they reorder nothing)', 'pay\u200Bpal\uFEFF'],
  ])('accepts %s', (_label, description) => {
    expect(ok(ZDescription, description)).toBe(true);
  });

  it.each([
    ['256 characters', 'd'.repeat(256)],
    ['256 astral characters', '😀'.repeat(256)],
    ['a right-to-left override U+202E', 'invoice\u202Efdp.exe'],
    ['a left-to-right isolate U+2066', 'a\u2066b'],
    ['a left-to-right embedding U+202A', 'a\u202Ab'],
    ['a pop directional isolate U+2069', 'a\u2069b'],
    ['a NUL', 'a\u0000b'],
    ['a newline', 'line1\nline2'],
    ['a tab', 'a\tb'],
    ['DEL', 'a\u007Fb'],
    ['a C1 control U+0085', 'a\u0085b'],
    ['an escape sequence', '\u001B[31mred'],
    ['a line separator U+2028', 'a\u2028b'],
    ['a lone surrogate', 'a\uD800b'],
    ['a non-string', null],
  ])('rejects %s', (_label, description) => {
    expect(ok(ZDescription, description)).toBe(false);
  });

  it.each([
    ['a newline', 'a\nb', 'Control characters (line breaks, tabs, escape sequences) are not allowed.'],
    ['a right-to-left override', 'a\u202Eb', 'Bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069) are not allowed.'],
    ['a first strong isolate', 'a\u2068b', 'Bidirectional embedding, override and isolate characters (U+202A–U+202E, U+2066–U+2069) are not allowed.'],
    ['a lone surrogate', 'a\uDC00b', 'Lone surrogates are not valid Unicode text.'],
    ['a paragraph separator', 'a\u2029b', 'Line and paragraph separators (U+2028, U+2029) are not allowed.'],
  ])('names why %s is refused', (_label, description, message) => {
    const result = ZDescription.safeParse(description);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.message)).toEqual([message]);
  });
});

describe('key references', () => {
  it('takes lowercase UUID v4 key IDs only', () => {
    expect(ok(ZKeyId, '6f1c1f0e-8a4b-4c55-9d3e-2b7a1c0d9e8f')).toBe(true);
    expect(ok(ZKeyId, '6F1C1F0E-8A4B-4C55-9D3E-2B7A1C0D9E8F')).toBe(false);
    expect(ok(ZKeyId, "6f1c1f0e-8a4b-4c55-9d3e-2b7a1c0d9e8f' OR '1'='1")).toBe(false);
  });

  it('resolves a key ID, a bare alias and an "alias/" name', () => {
    expect(ZKeyRef.parse('6f1c1f0e-8a4b-4c55-9d3e-2b7a1c0d9e8f')).toEqual({ keyId: '6f1c1f0e-8a4b-4c55-9d3e-2b7a1c0d9e8f', alias: null });
    expect(ZKeyRef.parse('app/prod')).toEqual({ keyId: null, alias: 'app/prod' });
    expect(ZKeyRef.parse('alias/app/prod')).toEqual({ keyId: null, alias: 'app/prod' });
    expect(ok(ZKeyRef, 'alias/')).toBe(false);
    expect(ok(ZKeyRef, '<script>')).toBe(false);
  });
});

describe('ZPendingWindowInDays (7–1096)', () => {
  it.each([7, 30, 1096])('accepts %d', (days) => expect(ok(ZPendingWindowInDays, days)).toBe(true));
  it.each([6, 1097, 7.5, Number.NaN, Infinity, '30'])('rejects %s', (days) => expect(ok(ZPendingWindowInDays, days)).toBe(false));
});

describe('parseInput', () => {
  it('throws VALIDATION naming the field and rule, not the value', () => {
    const hostile = '<script>alert(1)</script>';
    try {
      parseInput({ schema: ZCreateKeyInput, input: { alias: hostile, origin: 'KMS' } });
      expect.unreachable();
    } catch (error) {
      expect(isKmsError(error) && error.code).toBe('VALIDATION');
      expect((error as Error).message).toMatch(/^alias: /);
      expect((error as Error).message).not.toContain(hostile);
    }
  });

  it('applies defaults and paging limits for listing', () => {
    expect(parseInput({ schema: ZListKeysInput, input: {} })).toEqual({ sort: 'createdAt:desc', page: 1, pageSize: 20 });
    expect(parseInput({ schema: ZListKeysInput, input: { search: '  app  ' } }).search).toBe('app');
    expect(parseInput({ schema: ZListKeysInput, input: { search: '   ' } }).search).toBeUndefined();
    for (const bad of [{ pageSize: 0 }, { pageSize: 101 }, { page: 0 }, { page: 1.5 }, { state: 'GONE' }, { search: 'a\u0000' }]) {
      expect(() => parseInput({ schema: ZListKeysInput, input: bad })).toThrow(/./);
    }
  });
});
