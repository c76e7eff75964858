import { parse, TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import { flattenMessages, type TMessageTree } from './message-tree';

/**
 * The names a message needs from its caller: arguments (`{count}`, `{count, plural, …}`, also inside
 * plural and select branches) and rich-text tags (`<link>…</link>`, listed as `<link>`). A translation that
 * renames one would throw or print nothing where the value belongs.
 */
export function placeholderNames(message: string): string[] {
  const names = new Set<string>();
  const visit = (elements: MessageFormatElement[]) => {
    for (const element of elements) {
      switch (element.type) {
        case TYPE.argument:
        case TYPE.number:
        case TYPE.date:
        case TYPE.time:
          names.add(element.value);
          break;
        case TYPE.plural:
        case TYPE.select:
          names.add(element.value);
          for (const option of Object.values(element.options)) visit(option.value);
          break;
        case TYPE.tag:
          names.add(`<${element.value}>`);
          visit(element.children);
          break;
        default:
          break;
      }
    }
  };
  // The parser next-intl formats with (intl-messageformat's); tags on, as next-intl has them.
  visit(parse(message, { ignoreTag: false, requiresOtherClause: false }));
  return [...names].sort();
}

export interface TParityReport {
  /** Keys English has and the translation lacks. */
  missing: string[];
  /** Keys the translation has and English lacks (stale, or a typo in the key). */
  extra: string[];
  /** Keys in both whose placeholders differ: `key: en {a, b} ≠ zh {a}`. */
  placeholderMismatches: string[];
  /** Messages the ICU parser refuses: `key (locale): error`. */
  unparsable: string[];
}

function placeholdersOrError(message: string): { names: string[] } | { error: string } {
  try {
    return { names: placeholderNames(message) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** What differs between an area's English file and its translation, leaf by leaf (nested keys as `a.b.c`). */
export function compareMessages(english: TMessageTree, translation: TMessageTree, translationLabel = 'zh'): TParityReport {
  const en = flattenMessages(english);
  const other = flattenMessages(translation);
  const report: TParityReport = { missing: [], extra: [], placeholderMismatches: [], unparsable: [] };
  for (const key of en.keys()) if (!other.has(key)) report.missing.push(key);
  for (const key of other.keys()) if (!en.has(key)) report.extra.push(key);
  for (const [key, enMessage] of en) {
    const otherMessage = other.get(key);
    const a = placeholdersOrError(enMessage);
    if ('error' in a) report.unparsable.push(`${key} (en): ${a.error}`);
    if (otherMessage === undefined) continue;
    const b = placeholdersOrError(otherMessage);
    if ('error' in b) report.unparsable.push(`${key} (${translationLabel}): ${b.error}`);
    if ('names' in a && 'names' in b && a.names.join() !== b.names.join()) {
      report.placeholderMismatches.push(`${key}: en {${a.names.join(', ')}} ≠ ${translationLabel} {${b.names.join(', ')}}`);
    }
  }
  return report;
}
