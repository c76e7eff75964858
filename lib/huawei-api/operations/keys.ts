import { z } from 'zod';
import { createKey, describeKey, listKeys, updateKeyAlias, updateKeyDescription, ZAlias, ZDescription } from '@/lib/kms';
import type { KeyState } from '@/lib/kms/types';
import { HUAWEI_KEY_STATE, parseHuawei, toKeyDetails, ZHuaweiKeyId, ZIntegerLike } from '../shapes';
import type { THuaweiOperation } from './operation';

// Key metadata. The alias and description rules are the domain's (SPEC §1), checked here first only so that
// their refusals carry Huawei's own codes (KMS.1101, KMS.1103).

const KEY_ID_CODE = { key_id: 'KMS.0205' } as const;

const ZCreateKey = z.object({
  key_alias: ZAlias,
  key_description: ZDescription.optional(),
  key_spec: z.literal('AES_256', { error: 'Keyfort keys are AES_256.' }).optional(),
  key_usage: z.literal('ENCRYPT_DECRYPT', { error: 'Keyfort keys are for ENCRYPT_DECRYPT.' }).optional(),
  origin: z.enum(['kms', 'external'], { error: 'origin is kms or external.' }).optional(),
});

export const CreateKey: THuaweiOperation = {
  async run({ ctx, actor, scope }, { body }) {
    const input = parseHuawei(ZCreateKey, body, { key_alias: 'KMS.1101', key_description: 'KMS.1103', key_spec: 'KMS.0308', key_usage: 'KMS.0308', origin: 'KMS.0308' });
    const view = await createKey(ctx, {
      actor,
      alias: input.key_alias,
      description: input.key_description,
      origin: input.origin === 'external' ? 'EXTERNAL' : 'KMS',
    });
    return { status: 200, payload: { key_info: { key_id: view.id, domain_id: scope.domainId } } };
  },
};

export const DescribeKey: THuaweiOperation = {
  async run({ ctx, actor, scope }, { body }) {
    const input = parseHuawei(z.object({ key_id: ZHuaweiKeyId }), body, KEY_ID_CODE);
    const view = await describeKey(ctx, { actor, keyRef: input.key_id });
    return { status: 200, payload: { key_info: toKeyDetails(view, scope) } };
  },
};

// Pages by the domain's page number, oldest first, like the AWS ListKeys: the marker carries page and size
// (opaque to clients, who pass next_marker back), so a changed limit mid-listing neither skips nor repeats.
const MAX_PAGE = 100;
const encodeMarker = (page: number, size: number) => Buffer.from(`${page}:${size}`).toString('base64url');
const ZMarker = z
  .string()
  .transform((marker) => /^([1-9]\d{0,6}):([1-9]\d{0,2})$/.exec(Buffer.from(marker, 'base64url').toString('latin1')))
  .refine((match) => match !== null && Number(match[2]) <= MAX_PAGE, 'Pass back the next_marker of the previous page unchanged.')
  .transform((match) => ({ page: Number(match![1]), size: Number(match![2]) }));

const HUAWEI_STATES = Object.entries(HUAWEI_KEY_STATE) as Array<[KeyState, string]>;

const ZListKeys = z.object({
  limit: ZIntegerLike.pipe(z.int().min(1).max(1000)).optional(),
  marker: ZMarker.optional(),
  // "1" (pending activation) is valid and matches no Keyfort key.
  key_state: z.enum(['1', '2', '3', '4', '5']).optional(),
  key_spec: z.string().optional(),
});

export const ListKeys: THuaweiOperation = {
  async run({ ctx, actor, scope }, { body }) {
    const input = parseHuawei(ZListKeys, body, { limit: 'KMS.1601', key_state: 'KMS.0308' });
    const page = input.marker?.page ?? 1;
    const pageSize = input.marker?.size ?? Math.min(input.limit ?? MAX_PAGE, MAX_PAGE);
    const state = HUAWEI_STATES.find(([, code]) => code === input.key_state)?.[0];
    // Filters no Keyfort key can match still ask the domain, so that the caller's permission is checked.
    const none = input.key_state === '1' || (input.key_spec !== undefined && input.key_spec !== 'AES_256');
    const result = await listKeys(ctx, { actor, sort: 'createdAt:asc', page, pageSize, state });
    const items = none ? [] : result.items;
    const total = none ? 0 : result.total;
    const truncated = page * pageSize < total;
    return {
      status: 200,
      payload: {
        keys: items.map((key) => key.id),
        key_details: items.map((key) => toKeyDetails(key, scope)),
        next_marker: truncated ? encodeMarker(page + 1, pageSize) : '',
        truncated: String(truncated),
        total,
      },
    };
  },
};

/** Replaces the key's only alias, or gives one to a key without (update-key-alias.ts says why not several). */
export const UpdateKeyAlias: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(z.object({ key_id: ZHuaweiKeyId, key_alias: ZAlias }), body, { ...KEY_ID_CODE, key_alias: 'KMS.1101' });
    const view = await updateKeyAlias(ctx, { actor, keyId: input.key_id, alias: input.key_alias });
    return { status: 200, payload: { key_info: { key_id: view.id, key_alias: input.key_alias } } };
  },
};

export const UpdateKeyDescription: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(z.object({ key_id: ZHuaweiKeyId, key_description: ZDescription }), body, { ...KEY_ID_CODE, key_description: 'KMS.1103' });
    const view = await updateKeyDescription(ctx, { actor, keyId: input.key_id, description: input.key_description });
    return { status: 200, payload: { key_info: { key_id: view.id, key_description: view.description } } };
  },
};
