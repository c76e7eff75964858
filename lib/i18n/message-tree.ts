/**
 * Messages as next-intl takes them: nested objects whose leaves are ICU message strings. Pure functions,
 * shared by the request config (fallback) and the parity test (what is missing).
 */
export interface TMessageTree {
  [key: string]: string | TMessageTree;
}

function isTree(value: unknown): value is TMessageTree {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every leaf as `a.b.c` → message, in the file's order. */
export function flattenMessages(tree: TMessageTree, prefix = ''): Map<string, string> {
  const leaves = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isTree(value)) for (const [leaf, message] of flattenMessages(value, path)) leaves.set(leaf, message);
    else leaves.set(path, value);
  }
  return leaves;
}

/**
 * `primary` with every message it lacks taken from `fallback`: a Chinese page whose translation is not
 * there yet shows English words instead of a raw key. Where the shapes disagree (a string in one, an object
 * in the other) the fallback's shape wins, since the code was written against English.
 */
export function withFallback(primary: TMessageTree, fallback: TMessageTree): TMessageTree {
  const merged: TMessageTree = {};
  for (const [key, fallbackValue] of Object.entries(fallback)) {
    const value = primary[key];
    if (isTree(fallbackValue)) merged[key] = isTree(value) ? withFallback(value, fallbackValue) : fallbackValue;
    else merged[key] = typeof value === 'string' ? value : fallbackValue;
  }
  // Kept, not dropped: a message only the translation has is the parity test's to report, not ours to hide.
  for (const [key, value] of Object.entries(primary)) if (!(key in merged)) merged[key] = value;
  return merged;
}
