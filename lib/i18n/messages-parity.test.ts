import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { areaContent, MESSAGE_AREAS, type TMessageArea } from './message-areas';
import { compareMessages } from './message-parity';
import type { TMessageTree } from './message-tree';

// The real files. English is the reference every page is written against; the request config fills any key
// Chinese lacks with English, so on a running console a gap is invisible: this test is where it shows.
const MESSAGES = join(process.cwd(), 'messages');

function readArea(folder: 'en' | 'zh', area: TMessageArea): TMessageTree | null {
  const file = join(MESSAGES, folder, `${area}.json`);
  if (!existsSync(file)) return null;
  return areaContent(area, JSON.parse(readFileSync(file, 'utf8')) as TMessageTree);
}

describe('message files', () => {
  it('are exactly the areas the request config loads, in both languages', () => {
    const names = (folder: string) => readdirSync(join(MESSAGES, folder)).filter((file) => file.endsWith('.json')).sort();
    const expected = MESSAGE_AREAS.map((area) => `${area}.json`).sort();
    expect(names('en'), 'messages/en/').toEqual(expected);
    expect(names('zh'), 'messages/zh/ (a missing file means every key of that area is untranslated)').toEqual(expected);
  });
});

describe.each(MESSAGE_AREAS)('messages/zh/%s.json', (area) => {
  it('has every key of messages/en, no other, with the same ICU placeholders', () => {
    const english = readArea('en', area);
    expect(english, `messages/en/${area}.json`).not.toBeNull();
    const report = compareMessages(english!, readArea('zh', area) ?? {});
    const problems = [
      ...report.missing.map((key) => `missing in zh: ${area}.${key}`),
      ...report.extra.map((key) => `only in zh (not in en): ${area}.${key}`),
      ...report.placeholderMismatches.map((line) => `placeholders differ: ${area}.${line}`),
      ...report.unparsable.map((line) => `not valid ICU: ${area}.${line}`),
    ];
    expect(problems, `messages/zh/${area}.json against messages/en/${area}.json`).toEqual([]);
  });
});
