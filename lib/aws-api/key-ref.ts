import type { KmsContext } from '@/lib/kms';
import { KmsError } from '@/lib/kms';
import { keyIdOfRef } from '@/lib/kms';
import { ZKeyRef } from '@/lib/kms';

// AWS names a key four ways: key ID, key ARN, `alias/<name>`, alias ARN. The domain understands key IDs and
// alias names (with or without `alias/`); ARNs are an AWS notion, so they are turned into those here.

/** Where the request was signed for and which account Keyfort plays: the parts of every ARN. */
export interface TArnScope {
  region: string;
  accountId: string;
}

const ARN = /^arn:[a-z0-9-]+:kms:([a-z0-9-]*):(\d{12}):(key|alias)\/(.+)$/;

export const keyArn = (scope: TArnScope, keyId: string) => `arn:aws:kms:${scope.region}:${scope.accountId}:key/${keyId}`;

/** `name` is the bare alias name, as the domain stores it. */
export const aliasArn = (scope: TArnScope, name: string) => `arn:aws:kms:${scope.region}:${scope.accountId}:alias/${name}`;

/**
 * The domain's keyRef for an AWS KeyId. Any region is accepted (a request signed for one region may name a
 * key by an ARN of another; Keyfort has one key space); another account's ARN names nothing here.
 */
export function toKeyRef(keyId: string, accountId: string): string {
  if (!keyId.startsWith('arn:')) return keyId;
  const match = ARN.exec(keyId);
  if (!match) throw new KmsError('NOT_FOUND', 'The ARN does not name a KMS key or alias.');
  const [, , account, kind, name] = match as unknown as [string, string, string, 'key' | 'alias', string];
  if (account !== accountId) throw new KmsError('NOT_FOUND', 'The ARN names another account.');
  return kind === 'key' ? name : `alias/${name}`;
}

/**
 * For operations whose domain function takes a key ID only (lifecycle, import): an alias is resolved to
 * its key here, by the same lookup DescribeKey does. Anything else goes to the domain as given, which
 * validates it.
 */
export async function toKeyId(ctx: KmsContext, keyId: string, accountId: string): Promise<string> {
  const ref = toKeyRef(keyId, accountId);
  // AWS names aliases only with their prefix; anything else (a key ID or not) goes to the domain as given.
  if (!ref.startsWith('alias/')) return ref;
  const parsed = ZKeyRef.safeParse(ref);
  // A name no alias can have is simply not found, as a lookup of it would be.
  if (!parsed.success) throw new KmsError('NOT_FOUND', 'No key with this alias.');
  return keyIdOfRef(ctx.store, parsed.data);
}
