import { z } from 'zod';
import { disableKeyRotation, enableKeyRotation, getKeyRotationStatus, ROTATION_PERIOD_DAYS } from '@/lib/kms';
import { epochMillis, parseHuawei, ZHuaweiKeyId, ZIntegerLike } from '../shapes';
import type { THuaweiOperation } from './operation';
import { withHuaweiCodes } from './refusals';

// Automatic rotation of generated keys (SPEC §11). Sources for the field names: support.huaweicloud.com
// api-dew ShowKeyRotationStatus ("get-key-rotation-status": key_rotation_enabled, rotation_interval,
// last_rotation_time, number_of_rotations) and the Huawei C++ SDK's ShowKeyRotationStatusResponse.
// Huawei allows 30–365 days; Keyfort's period is 90–2560 (SPEC §11), so 30–89 is refused with that range.

const KEY_ID_CODE = { key_id: 'KMS.0205' } as const;
const ZInterval = ZIntegerLike.pipe(z.int());
const PERIOD_REFUSAL = { VALIDATION: 'KMS.0308' } as const;

export const EnableKeyRotation: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(z.object({ key_id: ZHuaweiKeyId, rotation_interval: ZInterval.optional() }), body, {
      ...KEY_ID_CODE,
      rotation_interval: 'KMS.0308',
    });
    await withHuaweiCodes(enableKeyRotation(ctx, { actor, keyId: input.key_id, rotationPeriodInDays: input.rotation_interval }), PERIOD_REFUSAL);
    return { status: 200 };
  },
};

export const DisableKeyRotation: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const { key_id } = parseHuawei(z.object({ key_id: ZHuaweiKeyId }), body, KEY_ID_CODE);
    await disableKeyRotation(ctx, { actor, keyId: key_id });
    return { status: 200 };
  },
};

/**
 * Sets the period of automatic rotation. Keyfort's period belongs to rotation being on, so this also turns
 * it on when it was off (as enable-key-rotation with rotation_interval does); the next rotation falls a
 * period after the last one started (enableKeyRotation).
 */
export const UpdateKeyRotationInterval: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(z.object({ key_id: ZHuaweiKeyId, rotation_interval: ZInterval }), body, {
      ...KEY_ID_CODE,
      rotation_interval: 'KMS.0308',
    });
    await withHuaweiCodes(enableKeyRotation(ctx, { actor, keyId: input.key_id, rotationPeriodInDays: input.rotation_interval }), PERIOD_REFUSAL);
    return { status: 200 };
  },
};

export const GetKeyRotationStatus: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const { key_id } = parseHuawei(z.object({ key_id: ZHuaweiKeyId }), body, KEY_ID_CODE);
    const status = await getKeyRotationStatus(ctx, { actor, keyId: key_id });
    return {
      status: 200,
      payload: {
        key_rotation_enabled: status.enabled,
        // While off, the period enabling would set (Huawei always answers one).
        rotation_interval: status.rotationPeriodDays ?? ROTATION_PERIOD_DAYS.default,
        // Epoch milliseconds as the key details' dates; '' before the first rotation.
        last_rotation_time: status.lastRotatedAt ? epochMillis(status.lastRotatedAt) : '',
        number_of_rotations: status.rotationCount,
      },
    };
  },
};
