import { createHash, randomInt, timingSafeEqual } from 'node:crypto';

// Crockford's base32: no I, L, O or U, so what is read off a log is typed back without guessing.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const GROUPS = 4;
const GROUP_LENGTH = 5;
/** 20 characters of 5 bits: 100 random bits, far beyond guessing under the attempt limit. */
export const SETUP_CODE_LENGTH = GROUPS * GROUP_LENGTH;

/** A fresh one-time set-up code, e.g. `7KQ2M-X9D4F-0HWCT-B3N8R`. */
export function generateSetupCode(): string {
  const characters = Array.from({ length: SETUP_CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]);
  const groups = Array.from({ length: GROUPS }, (_, group) =>
    characters.slice(group * GROUP_LENGTH, (group + 1) * GROUP_LENGTH).join(''),
  );
  return groups.join('-');
}

/**
 * The canonical form of a typed code, or null when it cannot be one: case, dashes and spaces are ignored,
 * and the letters people confuse with digits read as those digits (O → 0, I and L → 1), as Crockford intends.
 */
export function normaliseSetupCode(typed: string): string | null {
  const compact = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (compact.length !== SETUP_CODE_LENGTH) return null;
  return [...compact].every((character) => ALPHABET.includes(character)) ? compact : null;
}

/** What is stored: SHA-256 of the canonical form, hex. A 100-bit random code needs no slow hash. */
export function hashSetupCode(code: string): string {
  const canonical = normaliseSetupCode(code);
  if (canonical === null) throw new Error('not a set-up code');
  return createHash('sha256').update(canonical).digest('hex');
}

/** True when the typed code is one of the stored ones. Every stored hash is compared in constant time. */
export function setupCodeMatches(options: { typed: string; storedHashes: readonly string[] }): boolean {
  const canonical = normaliseSetupCode(options.typed);
  if (canonical === null) return false;
  const typedHash = createHash('sha256').update(canonical).digest();
  let matched = false;
  for (const stored of options.storedHashes) {
    const storedHash = Buffer.from(stored, 'hex');
    if (storedHash.length === typedHash.length && timingSafeEqual(storedHash, typedHash)) matched = true;
  }
  return matched;
}
