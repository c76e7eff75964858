/**
 * Compares strings by their UTF-8 bytes, the order of SQLite's BINARY collation and PostgreSQL's "C":
 * JavaScript's `<` compares UTF-16 units, which puts U+E000–U+FFFF after supplementary characters.
 * Lists with markers (aliases, tags) must order the same way in every store, or pages skip or repeat names.
 */
export function compareByteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
