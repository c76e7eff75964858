import { z } from 'zod';
import { cancelKeyDeletion, disableKey, enableKey, PENDING_WINDOW_DAYS, scheduleKeyDeletion } from '@/lib/kms';
import { HUAWEI_KEY_STATE, parseHuawei, ZHuaweiKeyId, ZIntegerLike } from '../shapes';
import type { THuaweiOperation } from './operation';
import { withHuaweiCodes } from './refusals';

// State changes (SPEC §2). The domain's transition table decides; a refusal for the key's state gets the code
// Huawei gives it for this operation.

const ZKeyIdBody = z.object({ key_id: ZHuaweiKeyId });
const KEY_ID_CODE = { key_id: 'KMS.0205' } as const;

export const EnableKey: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const { key_id } = parseHuawei(ZKeyIdBody, body, KEY_ID_CODE);
    // Only a Disabled key can be enabled: anything else is "the key is not disabled".
    const view = await withHuaweiCodes(enableKey(ctx, { actor, keyId: key_id }), { INVALID_STATE: 'KMS.1201' });
    return { status: 200, payload: { key_info: { key_id: view.id, key_state: HUAWEI_KEY_STATE[view.state] } } };
  },
};

export const DisableKey: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const { key_id } = parseHuawei(ZKeyIdBody, body, KEY_ID_CODE);
    const view = await withHuaweiCodes(disableKey(ctx, { actor, keyId: key_id }), { INVALID_STATE: 'KMS.1301' });
    return { status: 200, payload: { key_info: { key_id: view.id, key_state: HUAWEI_KEY_STATE[view.state] } } };
  },
};

const ZScheduleKeyDeletion = z.object({
  key_id: ZHuaweiKeyId,
  pending_days: ZIntegerLike.pipe(
    z.int().min(PENDING_WINDOW_DAYS.min).max(PENDING_WINDOW_DAYS.max, `${PENDING_WINDOW_DAYS.min}–${PENDING_WINDOW_DAYS.max} days.`),
  ),
});

export const ScheduleKeyDeletion: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const input = parseHuawei(ZScheduleKeyDeletion, body, { ...KEY_ID_CODE, pending_days: 'KMS.1401' });
    // The one state that cannot be scheduled (SPEC §2) is the one it leads to.
    const view = await withHuaweiCodes(scheduleKeyDeletion(ctx, { actor, keyId: input.key_id, pendingWindowInDays: input.pending_days }), {
      INVALID_STATE: 'KMS.1402',
    });
    return { status: 200, payload: { key_id: view.id, key_state: HUAWEI_KEY_STATE[view.state] } };
  },
};

export const CancelKeyDeletion: THuaweiOperation = {
  async run({ ctx, actor }, { body }) {
    const { key_id } = parseHuawei(ZKeyIdBody, body, KEY_ID_CODE);
    const view = await withHuaweiCodes(cancelKeyDeletion(ctx, { actor, keyId: key_id }), { INVALID_STATE: 'KMS.1501' });
    return { status: 200, payload: { key_id: view.id, key_state: HUAWEI_KEY_STATE[view.state] } };
  },
};
