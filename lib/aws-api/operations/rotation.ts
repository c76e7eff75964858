import { z } from 'zod';
import {
  disableKeyRotation,
  enableKeyRotation,
  getKeyRotationStatus,
  listKeyRotations,
  rotateKeyOnDemand,
  type MaterialVersionView,
} from '@/lib/kms';
import { keyArn, toKeyId, type TArnScope } from '../key-ref';
import { AwsApiError } from '../protocol';
import { epochSeconds } from '../shapes';
import { operation } from './operation';

// Rotation and material versions (SPEC §11). The domain decides periods, states and limits; these map
// AWS's names and encodings only.

const ZKeyIdInput = z.object({ KeyId: z.string() });

// The SDK model's only example answers the key ID it was given, not the ARN: followed here.
export const RotateKeyOnDemand = operation(ZKeyIdInput, async ({ ctx, actor, scope }, input) => {
  const result = await rotateKeyOnDemand(ctx, { actor, keyId: await toKeyId(ctx, input.KeyId, scope.accountId) });
  return { KeyId: result.id };
});

// An absent period is the domain's default (365 days); one out of 90–2560 is its VALIDATION.
export const EnableKeyRotation = operation(
  z.object({ KeyId: z.string(), RotationPeriodInDays: z.int().optional() }),
  async ({ ctx, actor, scope }, input) => {
    const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
    await enableKeyRotation(ctx, { actor, keyId, rotationPeriodInDays: input.RotationPeriodInDays });
    return {};
  },
);

export const DisableKeyRotation = operation(ZKeyIdInput, async ({ ctx, actor, scope }, input) => {
  await disableKeyRotation(ctx, { actor, keyId: await toKeyId(ctx, input.KeyId, scope.accountId) });
  return {};
});

/** Period and next date only while automatic rotation is on, as AWS answers; no on-demand rotation is ever in progress. */
export const GetKeyRotationStatus = operation(ZKeyIdInput, async ({ ctx, actor, scope }, input) => {
  const status = await getKeyRotationStatus(ctx, { actor, keyId: await toKeyId(ctx, input.KeyId, scope.accountId) });
  return {
    KeyRotationEnabled: status.enabled,
    KeyId: keyArn(scope, status.keyId),
    ...(status.rotationPeriodDays !== null ? { RotationPeriodInDays: status.rotationPeriodDays } : {}),
    ...(status.nextRotationAt ? { NextRotationDate: epochSeconds(status.nextRotationAt) } : {}),
    ...(status.onDemandRotationStartDate ? { OnDemandRotationStartDate: epochSeconds(status.onDemandRotationStartDate) } : {}),
  };
});

/**
 * A marker this API did not hand out is InvalidMarkerException, the refusal the SDK model documents for
 * ListKeyRotations (ListKeys, whose model names none, answers ValidationException).
 */
const ROTATIONS_MARKER = /^[1-9][0-9]{0,8}$/;

const ZListKeyRotations = z.object({
  KeyId: z.string(),
  IncludeKeyMaterial: z.enum(['ROTATIONS_ONLY', 'ALL_KEY_MATERIAL']).optional(),
  Limit: z.int().min(1).max(1000).optional(),
  Marker: z.string().optional(),
});

/** One RotationsListEntry: import state and expiration model for imported material only, ValidTo when it expires. */
export function toRotationsListEntry(version: MaterialVersionView, scope: TArnScope) {
  const imported = version.importState !== null;
  return {
    KeyId: keyArn(scope, version.keyId),
    KeyMaterialId: version.materialId,
    KeyMaterialDescription: version.description,
    ...(imported ? { ImportState: version.importState } : {}),
    KeyMaterialState: version.state,
    ...(imported && version.importState === 'IMPORTED'
      ? { ExpirationModel: version.expiresAt ? 'KEY_MATERIAL_EXPIRES' : 'KEY_MATERIAL_DOES_NOT_EXPIRE' }
      : {}),
    ...(version.expiresAt ? { ValidTo: epochSeconds(version.expiresAt) } : {}),
    ...(version.rotationDate ? { RotationDate: epochSeconds(version.rotationDate) } : {}),
    ...(version.rotationType ? { RotationType: version.rotationType } : {}),
  };
}

export const ListKeyRotations = operation(ZListKeyRotations, async ({ ctx, actor, scope }, input) => {
  if (input.Marker !== undefined && !ROTATIONS_MARKER.test(input.Marker)) {
    throw new AwsApiError('InvalidMarkerException', 'Marker: Pass back the NextMarker of the previous page unchanged.');
  }
  const keyId = await toKeyId(ctx, input.KeyId, scope.accountId);
  const page = await listKeyRotations(ctx, {
    actor,
    keyId,
    includeKeyMaterial: input.IncludeKeyMaterial,
    limit: input.Limit,
    marker: input.Marker,
  });
  return {
    Rotations: page.items.map((version) => toRotationsListEntry(version, scope)),
    Truncated: page.nextMarker !== null,
    ...(page.nextMarker !== null ? { NextMarker: page.nextMarker } : {}),
  };
});
