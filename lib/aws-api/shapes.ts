import { z } from 'zod';
import { decodeBase64, type KeyView } from '@/lib/kms';
import type { KeyState, Tag } from '@/lib/kms/types';
import { keyArn, type TArnScope } from './key-ref';

// AWS JSON 1.1 value encodings (blobs base64, timestamps epoch seconds) and the shapes shared by several
// operations. Unknown fields are ignored, as AWS does (zod objects strip them).

/** A base64 blob, decoded. Anything that is not canonical base64 is refused rather than half-decoded. */
export const ZBlob = z.string().transform((value, ctx) => {
  const bytes = decodeBase64(value);
  if (bytes === null) {
    ctx.addIssue({ code: 'custom', message: 'Not valid base64.' });
    return z.NEVER;
  }
  return bytes;
});

/** Epoch seconds; the JS SDK sends fractions. */
export const ZTimestamp = z
  .number()
  .finite()
  .transform((seconds) => new Date(seconds * 1000))
  .refine((date) => !Number.isNaN(date.getTime()), 'Not a valid timestamp.');

/** AWS accepts and ignores grant tokens for keys without grants; Keyfort has no grants. */
export const ZGrantTokens = z.array(z.string()).optional();

export const ZAwsTags = z.array(z.object({ TagKey: z.string(), TagValue: z.string() }));

export const toTags = (tags: z.output<typeof ZAwsTags>): Tag[] => tags.map((t) => ({ tagKey: t.TagKey, tagValue: t.TagValue }));
export const fromTags = (tags: Tag[]) => tags.map((t) => ({ TagKey: t.tagKey, TagValue: t.tagValue }));

export const epochSeconds = (date: Date) => date.getTime() / 1000;

export const blob = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

export const AWS_KEY_STATE: Record<KeyState, string> = {
  ENABLED: 'Enabled',
  DISABLED: 'Disabled',
  PENDING_DELETION: 'PendingDeletion',
  PENDING_IMPORT: 'PendingImport',
};

/** SPEC §8: AWS's KeyMetadata for a symmetric customer managed key. */
export function toKeyMetadata(view: KeyView, scope: TArnScope) {
  const external = view.origin === 'EXTERNAL';
  const holdsMaterial = view.material.status === 'IMPORTED';
  return {
    AWSAccountId: scope.accountId,
    KeyId: view.id,
    Arn: keyArn(scope, view.id),
    CreationDate: epochSeconds(view.createdAt),
    Enabled: view.state === 'ENABLED',
    Description: view.description,
    KeyUsage: 'ENCRYPT_DECRYPT',
    KeyState: AWS_KEY_STATE[view.state],
    ...(view.deletionDate ? { DeletionDate: epochSeconds(view.deletionDate) } : {}),
    ...(external && view.material.expiresAt ? { ValidTo: epochSeconds(view.material.expiresAt) } : {}),
    Origin: external ? 'EXTERNAL' : 'AWS_KMS',
    ...(external && holdsMaterial
      ? { ExpirationModel: view.material.expiresAt ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE' }
      : {}),
    KeyManager: 'CUSTOMER',
    CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
    KeySpec: 'SYMMETRIC_DEFAULT',
    EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
    ...(view.material.materialId ? { CurrentKeyMaterialId: view.material.materialId } : {}),
    MultiRegion: false,
  };
}
