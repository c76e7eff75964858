import { z } from 'zod';
import {
  cancelKeyDeletion,
  createKey,
  describeKey,
  disableKey,
  enableKey,
  KmsError,
  listKeys,
  PENDING_WINDOW_DAYS,
  scheduleKeyDeletion,
  updateKeyDescription,
} from '@/lib/kms';
import { keyArn, toKeyId, toKeyRef } from '../key-ref';
import { AWS_KEY_STATE, epochSeconds, toKeyMetadata, toTags, ZAwsTags, ZGrantTokens } from '../shapes';
import { operation } from './operation';

// Key lifecycle. Each maps the AWS shape to one domain operation and its KeyView back to AWS's shape.

const ZCreateKey = z.object({
  Description: z.string().optional(),
  KeyUsage: z.string().optional(),
  KeySpec: z.string().optional(),
  CustomerMasterKeySpec: z.string().optional(),
  Origin: z.string().optional(),
  Tags: ZAwsTags.optional(),
  MultiRegion: z.boolean().optional(),
  CustomKeyStoreId: z.string().optional(),
  XksKeyId: z.string().optional(),
  Policy: z.string().optional(),
  BypassPolicyLockoutSafetyCheck: z.boolean().optional(),
});

/** AWS values Keyfort does not offer are refused as unsupported, not as malformed. */
function assertSupported(value: string | undefined, field: string, allowed: readonly string[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new KmsError('UNSUPPORTED', `Keyfort supports only ${allowed.join(' or ')} for ${field}.`);
  }
}

export const CreateKey = operation(ZCreateKey, async ({ ctx, actor, scope }, input) => {
  assertSupported(input.KeyUsage, 'KeyUsage', ['ENCRYPT_DECRYPT']);
  assertSupported(input.KeySpec, 'KeySpec', ['SYMMETRIC_DEFAULT']);
  assertSupported(input.CustomerMasterKeySpec, 'CustomerMasterKeySpec', ['SYMMETRIC_DEFAULT']);
  assertSupported(input.Origin, 'Origin', ['AWS_KMS', 'EXTERNAL']);
  if (input.MultiRegion) throw new KmsError('UNSUPPORTED', 'Keyfort has no multi-Region keys.');
  if (input.CustomKeyStoreId !== undefined || input.XksKeyId !== undefined) {
    throw new KmsError('UNSUPPORTED', 'Keyfort has no custom key stores.');
  }
  // Accepting a policy and not enforcing it would let a user believe it protects the key.
  if (input.Policy !== undefined) {
    throw new KmsError(
      'UNSUPPORTED',
      "Keyfort does not support key policies: what a caller may do is decided by its access key's role. Omit Policy.",
    );
  }
  if (input.BypassPolicyLockoutSafetyCheck) {
    throw new KmsError('UNSUPPORTED', 'Keyfort does not support key policies, so there is no lockout check to bypass. Omit BypassPolicyLockoutSafetyCheck.');
  }
  const view = await createKey(ctx, {
    actor,
    description: input.Description,
    origin: input.Origin === 'EXTERNAL' ? 'EXTERNAL' : 'KMS',
    tags: input.Tags ? toTags(input.Tags) : undefined,
  });
  return { KeyMetadata: toKeyMetadata(view, scope) };
});

const ZKeyIdInput = z.object({ KeyId: z.string() });

export const DescribeKey = operation(z.object({ KeyId: z.string(), GrantTokens: ZGrantTokens }), async ({ ctx, actor, scope }, input) => {
  const view = await describeKey(ctx, { actor, keyRef: toKeyRef(input.KeyId, scope.accountId) });
  return { KeyMetadata: toKeyMetadata(view, scope) };
});

// ListKeys pages by the domain's page number, oldest first (keys created meanwhile land on later pages).
// The marker carries page and size, so a changed Limit mid-listing cannot skip or repeat keys.
const MAX_LIST_KEYS_PAGE = 100;
const encodeKeysMarker = (page: number, size: number) => Buffer.from(`${page}:${size}`).toString('base64url');
const ZKeysMarker = z
  .string()
  .transform((marker) => /^([1-9]\d{0,6}):([1-9]\d{0,2})$/.exec(Buffer.from(marker, 'base64url').toString('latin1')))
  .refine((match) => match !== null, 'Pass back the NextMarker of the previous page unchanged.')
  .transform((match) => ({ page: Number(match![1]), size: Number(match![2]) }))
  .refine((marker) => marker.size <= MAX_LIST_KEYS_PAGE, 'Pass back the NextMarker of the previous page unchanged.');

const ZListKeys = z.object({ Limit: z.int().min(1).max(1000).optional(), Marker: ZKeysMarker.optional() });

export const ListKeys = operation(ZListKeys, async ({ ctx, actor, scope }, input) => {
  const page = input.Marker?.page ?? 1;
  const pageSize = input.Marker?.size ?? Math.min(input.Limit ?? MAX_LIST_KEYS_PAGE, MAX_LIST_KEYS_PAGE);
  const result = await listKeys(ctx, { actor, sort: 'createdAt:asc', page, pageSize });
  const truncated = page * pageSize < result.total;
  return {
    Keys: result.items.map((key) => ({ KeyId: key.id, KeyArn: keyArn(scope, key.id) })),
    Truncated: truncated,
    ...(truncated ? { NextMarker: encodeKeysMarker(page + 1, pageSize) } : {}),
  };
});

export const UpdateKeyDescription = operation(
  z.object({ KeyId: z.string(), Description: z.string() }),
  async ({ ctx, actor, scope }, input) => {
    const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
    await updateKeyDescription(ctx, { actor, keyId, description: input.Description });
    return {};
  },
);

export const EnableKey = operation(ZKeyIdInput, async ({ ctx, actor, scope }, input) => {
  await enableKey(ctx, { actor, keyId: await toKeyId(ctx, input.KeyId, scope.accountId) });
  return {};
});

export const DisableKey = operation(ZKeyIdInput, async ({ ctx, actor, scope }, input) => {
  await disableKey(ctx, { actor, keyId: await toKeyId(ctx, input.KeyId, scope.accountId) });
  return {};
});


export const ScheduleKeyDeletion = operation(
  z.object({ KeyId: z.string(), PendingWindowInDays: z.int().optional() }),
  async ({ ctx, actor, scope }, input) => {
    const pendingWindowInDays = input.PendingWindowInDays ?? PENDING_WINDOW_DAYS.default;
    const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
    const view = await scheduleKeyDeletion(ctx, { actor, keyId, pendingWindowInDays });
    return {
      KeyId: keyArn(scope, view.id),
      ...(view.deletionDate ? { DeletionDate: epochSeconds(view.deletionDate) } : {}),
      KeyState: AWS_KEY_STATE[view.state],
      PendingWindowInDays: pendingWindowInDays,
    };
  },
);

export const CancelKeyDeletion = operation(ZKeyIdInput, async ({ ctx, actor, scope }, input) => {
  const view = await cancelKeyDeletion(ctx, { actor, keyId: await toKeyId(ctx, input.KeyId, scope.accountId) });
  return { KeyId: keyArn(scope, view.id) };
});
