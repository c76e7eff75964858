import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import type { Principal } from './types';
import { ZKeyId, parseInput } from './validation';

export interface TGetKeyRotationStatusOptions {
  actor: Principal;
  keyId: string;
}

export interface TKeyRotationStatus {
  keyId: string;
  /** Automatic rotation (generated keys only). False while the key is pending deletion, as AWS reports it. */
  enabled: boolean;
  rotationPeriodDays: number | null;
  nextRotationAt: Date | null;
  /** Rotation on demand runs inside its request, so none is ever seen in progress. */
  onDemandRotationStartDate: null;
  /** Rotations the key has had, automatic and on demand (Huawei's number_of_rotations). */
  rotationCount: number;
  /** When the latest of them made its version CURRENT; null before the first (Huawei's last_rotation_time). */
  lastRotatedAt: Date | null;
}

/** SPEC §11, GetKeyRotationStatus. Imported keys read as off: automatic rotation is not theirs to have. */
export async function getKeyRotationStatus(ctx: KmsContext, options: TGetKeyRotationStatusOptions): Promise<TKeyRotationStatus> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'GetKeyRotationStatus',
    keyId: options.keyId,
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'keys:read');
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      const key = await ctx.store.findKey(keyId);
      if (!key) throw new KmsError('NOT_FOUND', 'No key with this ID.');
      const enabled = key.rotationPeriodDays !== null && key.state !== 'PENDING_DELETION';
      // Versions that became CURRENT by a rotation keep their rotation date forever (SPEC §11).
      const rotationDates = (await ctx.store.listMaterialVersions(key.id)).flatMap((version) => (version.rotationDate ? [version.rotationDate] : []));
      const lastRotatedAt = rotationDates.reduce<Date | null>((latest, date) => (latest === null || date > latest ? date : latest), null);
      return {
        keyId: key.id,
        enabled,
        rotationPeriodDays: enabled ? key.rotationPeriodDays : null,
        nextRotationAt: enabled ? key.nextRotationAt : null,
        onDemandRotationStartDate: null,
        rotationCount: rotationDates.length,
        lastRotatedAt,
      };
    },
  });
}
