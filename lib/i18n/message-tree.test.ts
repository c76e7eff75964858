import { describe, expect, it } from 'vitest';
import { flattenMessages, withFallback } from './message-tree';

describe('flattenMessages', () => {
  it('names nested leaves by their dotted path', () => {
    expect([...flattenMessages({ a: 'A', b: { c: 'C', d: { e: 'E' } } })]).toEqual([
      ['a', 'A'],
      ['b.c', 'C'],
      ['b.d.e', 'E'],
    ]);
  });
});

describe('withFallback', () => {
  const english = { title: 'Keys', table: { empty: 'No keys', count: '{count} keys' }, only: 'English only' };

  it('keeps every translated message and fills the gaps with English', () => {
    expect(withFallback({ title: '密钥', table: { empty: '没有密钥' } }, english)).toEqual({
      title: '密钥',
      table: { empty: '没有密钥', count: '{count} keys' },
      only: 'English only',
    });
  });

  it("keeps English's shape where the translation's differs", () => {
    expect(withFallback({ title: { wrong: 'x' }, table: 'flat' } as never, english)).toEqual(english);
  });

  it('keeps keys only the translation has (the parity test reports them)', () => {
    expect(withFallback({ stale: '旧' }, { title: 'Keys' })).toEqual({ title: 'Keys', stale: '旧' });
  });
});
