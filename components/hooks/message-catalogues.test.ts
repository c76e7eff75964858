import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '@/lib/kms';
import auditActions from '@/messages/en/audit-actions.json';

const MESSAGES = join(import.meta.dirname, '../../messages');
const read = (locale: string, file: string) => JSON.parse(readFileSync(join(MESSAGES, locale, file), 'utf8')) as Record<string, unknown>;

/** Every message of a catalogue, by its dotted key. */
function flatten(messages: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') out.set(`${prefix}${key}`, value);
    else for (const [inner, text] of flatten(value as Record<string, unknown>, `${prefix}${key}.`)) out.set(inner, text);
  }
  return out;
}

// An argument is `{name}` or `{name, type …}`; a plural branch's words (`one {Showing 1 of 1}`) are not one. The type
// (plural, select, number …) must match too, and so must the rich-text tags (`<strong>`), which the code renders.
const placeholders = (text: string) => [
  ...[...text.matchAll(/\{\s*(\w+)\s*(?:,\s*(\w+))?\s*[,}]/g)].map((match) => (match[2] ? `${match[1]}:${match[2]}` : match[1])).sort(),
  ...[...text.matchAll(/<\/?\w+>/g)].map((match) => match[0]).sort(),
];

// SPEC §7: the console speaks English and Chinese. Every area has every English message in Chinese, with the
// same placeholders, so switching the locale can never show a key or drop a fact.
const areas = (locale: string) => readdirSync(join(MESSAGES, locale)).filter((file) => file.endsWith('.json')).sort();
const ZH_AREAS = areas('zh');

describe('the Chinese messages', () => {
  it('cover every area the English messages have', () => {
    expect(ZH_AREAS).toEqual(areas('en'));
  });

  it.each(ZH_AREAS)('%s has every English key and nothing else, with the same placeholders', (file) => {
    const en = flatten(read('en', file));
    const zh = flatten(read('zh', file));
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of en) expect(placeholders(zh.get(key) ?? ''), `${file} ${key}`).toEqual(placeholders(text));
  });
});

describe('the audit action names', () => {
  it('give every action the domain records a readable name, and none it does not', () => {
    expect(Object.keys(auditActions.labels).sort()).toEqual([...AUDIT_ACTIONS].sort());
  });
});
