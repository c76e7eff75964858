import { materialUsable, type KeyView } from './key-view';

/** Why a key cannot encrypt or decrypt right now; the console words each one with the next step. */
export type CryptoUnavailableReason = 'DISABLED' | 'PENDING_DELETION' | 'AWAITING_IMPORT' | 'MATERIAL_DELETED' | 'MATERIAL_EXPIRED';

export type CryptoAvailability =
  | { encrypt: true; decrypt: true; reason: null; since: null }
  | { encrypt: false; decrypt: false; reason: CryptoUnavailableReason; since: Date | null };

/**
 * What the key can do now (SPEC §6), so the console offers only that, and says why not otherwise: the same
 * rule as encrypt/decrypt themselves (usable-key.ts), decided on the key view and the clock, so material
 * expiring while the page is open stops being offered at its instant. Encrypt and decrypt need the same
 * (effective state Enabled with unexpired material); they are separate answers so callers need not know that.
 * `since` is when the material went, where the key's record says so.
 */
export function cryptoAvailability(key: KeyView, now: Date): CryptoAvailability {
  const unavailable = (reason: CryptoUnavailableReason, since: Date | null = null): CryptoAvailability => ({ encrypt: false, decrypt: false, reason, since });
  if (key.state === 'PENDING_DELETION') return unavailable('PENDING_DELETION');
  const { expiresAt, removal } = key.material;
  if (expiresAt !== null && !materialUsable({ present: true, expiresAt }, now)) return unavailable('MATERIAL_EXPIRED', expiresAt);
  if (key.state === 'PENDING_IMPORT') {
    if (removal === null) return unavailable('AWAITING_IMPORT');
    return unavailable(removal.cause === 'DELETED' ? 'MATERIAL_DELETED' : 'MATERIAL_EXPIRED', removal.at);
  }
  if (key.state === 'DISABLED') return unavailable('DISABLED');
  return { encrypt: true, decrypt: true, reason: null, since: null };
}
