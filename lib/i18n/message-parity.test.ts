import { describe, expect, it } from 'vitest';
import { compareMessages, placeholderNames } from './message-parity';

describe('placeholderNames', () => {
  it('lists plain, formatted, plural and select arguments, nested ones included', () => {
    expect(placeholderNames('{name} has {count, plural, one {# key in {folder}} other {# keys}} since {date, date, short}')).toEqual([
      'count',
      'date',
      'folder',
      'name',
    ]);
    expect(placeholderNames('{state, select, enabled {On} other {Off}}')).toEqual(['state']);
  });

  it('lists rich-text tags apart from arguments', () => {
    expect(placeholderNames('Read <link>the guide</link> for {topic}')).toEqual(['<link>', 'topic']);
  });

  it('ignores quoted braces and apostrophes in text', () => {
    expect(placeholderNames("The person's key, written '{'like this'}'")).toEqual([]);
  });
});

describe('compareMessages', () => {
  it('reports nothing for two files with the same keys and placeholders', () => {
    expect(compareMessages({ a: 'A {x}', b: { c: 'C' } }, { a: '甲 {x}', b: { c: '丙' } })).toEqual({
      missing: [],
      extra: [],
      placeholderMismatches: [],
      unparsable: [],
    });
  });

  it('reports nested keys missing from the translation and keys only the translation has', () => {
    const report = compareMessages({ a: 'A', b: { c: 'C', d: 'D' } }, { a: '甲', b: { c: '丙' }, e: '戊' });
    expect(report.missing).toEqual(['b.d']);
    expect(report.extra).toEqual(['e']);
  });

  it('reports a translation whose placeholders differ from English', () => {
    const report = compareMessages({ a: 'Deleted {count} keys on {date}' }, { a: '删除了 {number} 个密钥，{date}' });
    expect(report.placeholderMismatches).toEqual(['a: en {count, date} ≠ zh {date, number}']);
  });

  it('reports a message the ICU parser refuses', () => {
    const report = compareMessages({ a: '{count} keys' }, { a: '{count 个密钥' });
    expect(report.unparsable).toHaveLength(1);
    expect(report.unparsable[0]).toMatch(/^a \(zh\): /);
  });
});
