import { MISSING_MESSAGE_MARKER } from './missing-message';
import { MESSAGE_AREAS } from './message-areas';

const escaped = MESSAGE_AREAS.map((area) => area.replace(/[-]/g, '\\-')).join('|');

/**
 * A message key where words belong: an area name, a dot and a letter (`keys.detail.title`), not inside a
 * longer word, path, address or alias (`e2e-keys.x`, `alias/keys.y`, `admin@keys.example`). Catches a key
 * printed by hand, which carries no missing-message marker. Used by e2e/i18n-raw-keys.spec.ts.
 */
export const RAW_MESSAGE_KEY = new RegExp(`(?<![\\w./@-])(?:${escaped})\\.[a-zA-Z][\\w.-]*`);

/** The first sign in `text` that a page shows a message key instead of its words, or null. */
export function findRawMessageKey(text: string): string | null {
  const marker = text.indexOf(MISSING_MESSAGE_MARKER);
  if (marker >= 0) return text.slice(marker, text.indexOf('⟧', marker) + 1 || undefined);
  return RAW_MESSAGE_KEY.exec(text)?.[0] ?? null;
}
