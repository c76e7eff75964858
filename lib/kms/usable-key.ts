import type { KmsContext } from './context';
import { KmsError, type KmsErrorCode } from './errors';
import type { TKeySnapshot } from './key-cache';
import { hasUsableMaterial, materialUsable } from './key-view';
import { isBound } from './material-summary';
import { openVersionMaterial } from './seal-material';
import type { KeyRecord } from './types';

/** A key that may encrypt or decrypt right now. */
export interface UsableKey {
  id: string;
  /** The material id's 32 raw bytes. Shared: never written to. */
  materialId: Buffer;
  /** The same in hex (AWS KeyMaterialId). */
  materialIdHex: string;
  /** Opened material. The caller owns it and zeroes it once used (also when it fails). */
  material: Buffer;
}

/** The opened material of the key's bound versions other than the CURRENT one, by material id in hex. */
async function openOtherVersions(ctx: KmsContext, key: KeyRecord): Promise<Map<string, Buffer>> {
  const opened = new Map<string, Buffer>();
  for (const version of await ctx.store.listMaterialVersions(key.id)) {
    if (!isBound(version) || version.materialId === key.materialId || version.materialCiphertext === null) continue;
    opened.set(version.materialId, openVersionMaterial(ctx.keyring, { keyId: key.id, materialId: version.materialId, sealed: version.materialCiphertext }));
  }
  return opened;
}

async function readSnapshot(ctx: KmsContext, keyId: string, readAt: number, versionHex: string | undefined): Promise<TKeySnapshot | null> {
  const generation = ctx.keyCache?.generation() ?? 0;
  const key = await ctx.store.findKey(keyId);
  if (!key) return null;
  // Opened only for keys that can be used: a disabled key's material stays sealed.
  const sealed = key.state === 'ENABLED' && hasUsableMaterial(key, readAt) ? key.materialCiphertext : null;
  const material = sealed && key.materialId && openVersionMaterial(ctx.keyring, { keyId: key.id, materialId: key.materialId, sealed });
  // Older versions are read only when a decrypt names one: most keys never rotate.
  const wantsOther = versionHex !== undefined && versionHex !== key.materialId;
  const otherVersions = material && wantsOther ? await openOtherVersions(ctx, key) : null;
  const snapshot: TKeySnapshot = {
    id: key.id,
    state: key.state,
    hasMaterial: key.materialCiphertext !== null,
    materialExpiresAt: key.materialExpiresAt?.getTime() ?? null,
    removal:
      key.materialRemovedReason !== null && key.materialRemovedAt !== null
        ? { cause: key.materialRemovedReason, at: key.materialRemovedAt.getTime() }
        : null,
    materialId: key.materialId === null ? null : Buffer.from(key.materialId, 'hex'),
    materialIdHex: key.materialId,
    material: material || null,
    otherVersions,
    hasVersion: true,
  };
  ctx.keyCache?.rememberKey({ snapshot, readAt, generation });
  if (!wantsOther || !versionHex) return snapshot;
  // The receiver gets the version asked for, as a cache hit would hand it out.
  const other = otherVersions?.get(versionHex);
  for (const [id, opened] of otherVersions ?? []) if (id !== versionHex) opened.fill(0);
  snapshot.material?.fill(0);
  const chosen = { materialId: Buffer.from(versionHex, 'hex'), materialIdHex: versionHex, material: other ?? null };
  return { ...snapshot, ...chosen, otherVersions: null, hasVersion: other !== undefined || !material };
}

function noMaterialMessage(removal: TKeySnapshot['removal']): string {
  if (removal === null) return 'The key has no key material yet. Import key material to use it.';
  const at = new Date(removal.at).toISOString();
  return removal.cause === 'DELETED'
    ? `The key material was deleted at ${at}. Import the same material again to use the key.`
    : `The key material expired at ${at}. Import the same material again to use the key.`;
}

/** SPEC §6 on the effective state, decided against the clock now, cached or not. */
function assertUsable(key: TKeySnapshot, now: number): asserts key is TKeySnapshot & { material: Buffer; materialId: Buffer; materialIdHex: string } {
  if (key.state === 'PENDING_DELETION') {
    throw new KmsError('INVALID_STATE', 'The key is pending deletion. Cancel the deletion to use it again.');
  }
  // Worded by the actual cause, from the key's own record: the AWS error stays KMSInvalidStateException.
  if (key.hasMaterial && key.materialExpiresAt !== null && !materialUsable({ present: true, expiresAt: key.materialExpiresAt }, now)) {
    throw new KmsError('INVALID_STATE', noMaterialMessage({ cause: 'EXPIRED', at: key.materialExpiresAt }));
  }
  if (key.state === 'PENDING_IMPORT' || !key.hasMaterial) throw new KmsError('INVALID_STATE', noMaterialMessage(key.removal));
  if (key.state === 'DISABLED') throw new KmsError('DISABLED', 'The key is disabled. Enable it to use it.');
  // A blob naming material that is not one of the key's versions reads as tampering, like any bad blob.
  if (!key.hasVersion) throw new KmsError('CIPHERTEXT_INVALID', 'The ciphertext is not valid for this key and encryption context.');
  // Enabled with unexpired material at the read means it was opened; anything else is a bug, not a user error.
  if (!key.material || !key.materialId || key.materialIdHex === null) throw new Error(`Enabled key ${key.id} has no opened material`);
}

export interface TUsableKeyOptions {
  keyId: string;
  /** The error when no such key exists: NOT_FOUND for a named key, CIPHERTEXT_INVALID for a blob's. */
  missing: Extract<KmsErrorCode, 'NOT_FOUND' | 'CIPHERTEXT_INVALID'>;
  /** Decrypt: the material version the blob names (SPEC §11); absent: the CURRENT one. */
  materialId?: Buffer;
}

function checkedUsable(ctx: KmsContext, key: TKeySnapshot): UsableKey {
  try {
    // The clock again: a store read takes time, and expiry must hold at the instant of use.
    assertUsable(key, ctx.clock.now().getTime());
  } catch (error) {
    key.material?.fill(0);
    throw error;
  }
  return { id: key.id, materialId: key.materialId, materialIdHex: key.materialIdHex, material: key.material };
}

/**
 * The key with the opened material of the version asked for (CURRENT by default), if it may be used now: DISABLED,
 * INVALID_STATE (pending import or deletion, expired material) or `missing`. Two halves, so that the data plane's
 * common case needs no promise and the cache is asked once per use:
 *
 *   const key = cachedUsableKey(ctx, wanted) ?? (await storedUsableKey(ctx, wanted));
 *
 * Both apply one check of state, material and expiry, against the clock at the instant of use.
 */
export function cachedUsableKey(ctx: KmsContext, options: TUsableKeyOptions): UsableKey | undefined {
  const key = ctx.keyCache?.key(options.keyId, ctx.clock.now().getTime(), options.materialId?.toString('hex'));
  return key && checkedUsable(ctx, key);
}

/** The other half: the key read from the store (and remembered by the cache), after cachedUsableKey missed. */
export async function storedUsableKey(ctx: KmsContext, options: TUsableKeyOptions): Promise<UsableKey> {
  const key = await readSnapshot(ctx, options.keyId, ctx.clock.now().getTime(), options.materialId?.toString('hex'));
  if (!key) {
    throw new KmsError(options.missing, options.missing === 'NOT_FOUND' ? 'No key with this ID.' : 'The ciphertext is not valid for any key.');
  }
  return checkedUsable(ctx, key);
}
