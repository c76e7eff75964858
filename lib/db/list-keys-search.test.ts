import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { keyIdRange, keySearch } from './list-keys-search';

const inRange = (id: string, range: { from: string; to: string }) => id >= range.from && id < range.to;

describe('keyIdRange', () => {
  it('holds exactly the key IDs that start with the prefix, whatever its length and last character', () => {
    const ids = Array.from({ length: 200 }, () => randomUUID());
    for (const source of ids.slice(0, 20)) {
      for (let length = 1; length <= 36; length++) {
        const range = keyIdRange(source.slice(0, length))!;
        for (const id of [source, ...ids]) expect(inRange(id, range), `${id} / ${source.slice(0, length)}`).toBe(id.startsWith(source.slice(0, length)));
      }
    }
  });

  it('steps past the last character in byte order ("-" to ".", "9" to ":", "f" to "g")', () => {
    expect(keyIdRange('0a1b2c3d-')).toEqual({ from: '0a1b2c3d-', to: '0a1b2c3d.' });
    expect(keyIdRange('9')).toEqual({ from: '9', to: ':' });
    expect(keyIdRange('ff')).toEqual({ from: 'ff', to: 'fg' });
  });

  it('is null for a term no key ID can start with, so the search leaves the ID part out', () => {
    for (const term of ['g', 'payments', '%', '_', 'a b', 'é', `${randomUUID()}0`]) expect(keyIdRange(term), term).toBeNull();
  });
});

describe('keySearch', () => {
  it('binds the search as an escaped, lower-cased LIKE pattern, never as SQL text', () => {
    const search = keySearch({ search: "50%_OFF\\'; DROP", provider: 'sqlite' });
    expect(search.countSql.values).toContain("%50\\%\\_off\\\\'; drop%");
    expect(search.countSql.sql).not.toContain('DROP');
  });
});
