import { KmsError } from './errors';
import { currentVersion } from './material-summary';
import { nextSequence, versionUsable, type TVersionEdit } from './material-versions';
import { MAX_ON_DEMAND_ROTATIONS } from './public-limits';
import type { KmsContext } from './context';
import { generateMaterial } from './seal-material';
import type { KeyRecord, MaterialVersionRecord, RotationType } from './types';

const DAY_MS = 86_400_000;

/** When automatic rotation next falls due: a whole period after `from`. */
export const nextRotationFrom = (from: Date, periodDays: number): Date => new Date(from.getTime() + periodDays * DAY_MS);

export interface TRotationPlan {
  edit: TVersionEdit;
  /** The version that became CURRENT. */
  current: MaterialVersionRecord;
  previous: MaterialVersionRecord;
}

/**
 * SPEC §11's rotation, for both origins: generated keys get new generated material; imported keys promote
 * their PENDING_ROTATION version, which must still hold usable material. The old CURRENT becomes
 * NON_CURRENT; from here on both are bound forever.
 */
export function planRotation(options: {
  ctx: KmsContext;
  key: KeyRecord;
  versions: readonly MaterialVersionRecord[];
  type: RotationType;
  now: Date;
}): TRotationPlan {
  const { ctx, key, versions, type, now } = options;
  const previous = currentVersion(versions);
  if (!previous) throw new Error(`Key ${key.id} has no CURRENT version to rotate from`);
  if (type === 'ON_DEMAND' && versions.filter((version) => version.rotationType === 'ON_DEMAND').length >= MAX_ON_DEMAND_ROTATIONS) {
    throw new KmsError('LIMIT_EXCEEDED', `A key can be rotated on demand at most ${MAX_ON_DEMAND_ROTATIONS} times; this key has reached that.`);
  }
  const rotated = { state: 'CURRENT' as const, rotationDate: now, rotationType: type };
  let current: MaterialVersionRecord;
  if (key.origin === 'KMS') {
    current = {
      keyId: key.id,
      ...generateMaterial(ctx.keyring, key.id),
      sequence: nextSequence(key, versions),
      description: '',
      createdAt: now,
      importedAt: null,
      expiresAt: null,
      removedReason: null,
      removedAt: null,
      ...rotated,
    };
  } else {
    const pending = versions.find((version) => version.state === 'PENDING_ROTATION');
    if (!pending || !versionUsable(pending, now)) {
      throw new KmsError(
        'INVALID_STATE',
        'The key has no new key material to rotate to. Import new key material (NEW_KEY_MATERIAL) first, then rotate.',
      );
    }
    current = { ...pending, ...rotated };
  }
  return { edit: { put: [{ ...previous, state: 'NON_CURRENT' }, current], remove: [] }, current, previous };
}
