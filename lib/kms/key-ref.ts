import type { z } from 'zod';
import type { AuditDetails } from './audited';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import type { KeyStore, KeyStoreTx } from './store';
import { ZKeyRef } from './validation';

export type TKeyRef = z.output<typeof ZKeyRef>;

/**
 * The key ID a parsed keyRef names, read through `reader`: inside a transaction for changes (so the lookup
 * and the change see the same data), the store for reads. With `cached` (the data plane's reads), an alias
 * is looked up in ctx.keyCache first and remembered after. An unknown alias is NOT_FOUND; an unknown key
 * ID is left to the caller, which reads the key anyway.
 */
export async function keyIdOfRef(
  reader: Pick<KeyStoreTx | KeyStore, 'findKeyIdByAlias'>,
  ref: TKeyRef,
  cached?: Pick<KmsContext, 'keyCache' | 'clock'>,
): Promise<string> {
  if (ref.keyId !== null) return ref.keyId;
  const cache = cached?.keyCache;
  const readAt = cached?.clock.now().getTime() ?? 0;
  const hit = cache?.keyIdForAlias(ref.alias, readAt);
  if (hit !== undefined) return hit;
  const generation = cache?.generation() ?? 0;
  const keyId = await reader.findKeyIdByAlias(ref.alias);
  if (keyId === null) throw new KmsError('NOT_FOUND', 'No key with this alias.');
  cache?.rememberAlias({ alias: ref.alias, keyId, readAt, generation });
  return keyId;
}

/** The existing key a keyRef names, read from the store: NOT_FOUND otherwise. */
export async function existingKeyIdOfRef(store: KeyStore, ref: TKeyRef): Promise<string> {
  const keyId = await keyIdOfRef(store, ref);
  if (!(await store.findKey(keyId))) throw new KmsError('NOT_FOUND', 'No key with this ID.');
  return keyId;
}

/** `{ alias }` for a failure record when the raw keyRef is a well-formed alias (a key ID goes in keyId). */
export function keyRefDetail(raw: unknown): AuditDetails | undefined {
  const ref = ZKeyRef.safeParse(raw);
  return ref.success && ref.data.alias !== null ? { alias: ref.data.alias } : undefined;
}
