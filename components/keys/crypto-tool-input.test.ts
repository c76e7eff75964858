import { describe, expect, it } from 'vitest';
import { contextErrorsFromServer, decodePlaintext, readContextRows, utf8ByteLength } from './crypto-tool-input';

const row = (id: number, key: string, value: string) => ({ id, key, value });

describe('readContextRows', () => {
  it('sends the filled rows in order and remembers which row each pair came from', () => {
    const read = readContextRows([row(1, 'tenant', 'acme'), row(4, 'purpose', '')]);
    expect(read.pairs).toEqual([
      { key: 'tenant', value: 'acme' },
      { key: 'purpose', value: '' },
    ]);
    expect(read.rowIds).toEqual([1, 4]);
    expect(read.errors).toEqual({});
  });

  it('ignores a row left entirely empty (an unused "Add pair")', () => {
    const read = readContextRows([row(1, '', ''), row(2, 'a', 'b')]);
    expect(read.pairs).toEqual([{ key: 'a', value: 'b' }]);
    expect(read.rowIds).toEqual([2]);
  });

  it('asks for a key when a row has only a value', () => {
    expect(readContextRows([row(3, '', 'orphan')]).errors).toEqual({ 3: 'required' });
  });

  it('marks the second use of a key, not the first', () => {
    expect(readContextRows([row(1, 'k', '1'), row(2, 'k', '2')]).errors).toEqual({ 2: 'duplicate' });
  });

  it('treats keys as case-sensitive, as the ciphertext does', () => {
    expect(readContextRows([row(1, 'K', '1'), row(2, 'k', '2')]).errors).toEqual({});
  });
});

describe('contextErrorsFromServer', () => {
  it('puts an error on a sent pair back under the row it came from', () => {
    const errors = contextErrorsFromServer({ 'encryptionContext.1.key': ['invalid'], plaintext: ['tooLong'] }, [7, 9]);
    expect(errors).toEqual({ 9: 'duplicate' });
  });

  it('reports a too long value, and nothing for errors about other fields', () => {
    expect(contextErrorsFromServer({ 'encryptionContext.0.value': ['tooLong'] }, [5])).toEqual({ 5: 'tooLong' });
    expect(contextErrorsFromServer({ encryptionContext: ['tooLarge'], keyId: ['invalid'] }, [5])).toEqual({});
    expect(contextErrorsFromServer(undefined, [5])).toEqual({});
  });
});

describe('decodePlaintext', () => {
  it('gives text when the plaintext is UTF-8', () => {
    const text = 'Grüße, 世界 🔑';
    expect(decodePlaintext(Buffer.from(text, 'utf8').toString('base64'))).toEqual({ kind: 'text', text });
  });

  it('keeps a leading byte-order mark, so the text is exactly the decrypted bytes', () => {
    expect(decodePlaintext(Buffer.from('\uFEFFx', 'utf8').toString('base64'))).toEqual({ kind: 'text', text: '\uFEFFx' });
  });

  it('falls back to base64 for bytes that are not UTF-8', () => {
    const base64 = Buffer.from([0xff, 0xfe, 0x00, 0xc3]).toString('base64');
    expect(decodePlaintext(base64)).toEqual({ kind: 'base64', base64 });
  });
});

describe('utf8ByteLength', () => {
  it('counts bytes, not characters: the 4096-byte limit is about UTF-8', () => {
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('é')).toBe(2);
    expect(utf8ByteLength('世')).toBe(3);
    expect(utf8ByteLength('🔑')).toBe(4);
  });
});
