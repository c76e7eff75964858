import type { KeyView } from './key-view';
import type { MaterialVersionView } from './material-versions';
import { MAX_ON_DEMAND_ROTATIONS } from './public-limits';
import { TRANSITIONS, transitionRefusal, type StateAction } from './states';

/** The actions the console offers on a key's page. */
export const KEY_PAGE_ACTIONS = [
  'updateDescription',
  'createAlias',
  'deleteAlias',
  'enable',
  'disable',
  'scheduleDeletion',
  'cancelDeletion',
  'importMaterial',
  'deleteMaterial',
  /** SPEC §11: NEW_KEY_MATERIAL, one version pending rotation. */
  'importNewMaterial',
  /** SPEC §11: rotation on demand (generated: new material; imported: the pending version becomes CURRENT). */
  'rotate',
  /** SPEC §11: automatic rotation on or off, and its period (generated keys only). */
  'configureRotation',
] as const;
export type KeyPageAction = (typeof KEY_PAGE_ACTIONS)[number];

/** The actions the console offers on one material version of an imported key. */
export const VERSION_ACTIONS = ['reimport', 'deleteMaterial'] as const;
export type VersionAction = (typeof VERSION_ACTIONS)[number];

/**
 * Why the domain would refuse an action: `origin` (UNSUPPORTED for this origin), `state` (SPEC §2:
 * INVALID_STATE), `disabled` (rotation of a disabled key: DISABLED), `no-material` (nothing to delete:
 * INVALID_STATE), `pending-exists` (a second NEW import while one waits: INVALID_STATE), `nothing-pending`
 * (an imported key with no new material to rotate to: INVALID_STATE), `limit` (the on-demand rotations are
 * used up: LIMIT_EXCEEDED).
 */
export type ActionRefusal = 'origin' | 'state' | 'disabled' | 'no-material' | 'pending-exists' | 'nothing-pending' | 'limit';
export type TActionVerdict = { allowed: true } | { allowed: false; refusal: ActionRefusal };
export type TPermittedActions = Record<KeyPageAction, TActionVerdict>;
export type TPermittedVersionActions = Record<VersionAction, TActionVerdict>;

/** What of the key's versions decides: the page reads them with listKeyRotations (ALL_KEY_MATERIAL). */
export type TVersionFacts = Pick<MaterialVersionView, 'state' | 'importState' | 'rotationType'>;

type TKeyFacts = Pick<KeyView, 'state' | 'origin' | 'material'>;

function verdict(refusal: ActionRefusal | null): TActionVerdict {
  return refusal === null ? { allowed: true } : { allowed: false, refusal };
}

/** The state table's answer, with its DISABLED rows (SPEC §11: rotating a disabled key) told apart. */
function tableRefusal(action: StateAction, key: TKeyFacts): ActionRefusal | null {
  const refusal = transitionRefusal({ action, from: key.state, origin: key.origin });
  const target = TRANSITIONS[action][key.state];
  if (refusal === 'state' && target !== undefined && 'refuse' in target) return 'disabled';
  return refusal;
}

/** planMaterialImport's NEW rules: every version holds its material (Enabled or Disabled), none pending. */
function newMaterialRefusal(key: TKeyFacts, versions: readonly TVersionFacts[]): ActionRefusal | null {
  const refusal = tableRefusal('importMaterial', key);
  if (refusal !== null) return refusal;
  if (key.state !== 'ENABLED' && key.state !== 'DISABLED') return 'state';
  return versions.some((version) => version.state === 'PENDING_ROTATION') ? 'pending-exists' : null;
}

/** planRotation's rules after the state table: the on-demand limit, and (imported) usable pending material. */
function rotationRefusal(key: TKeyFacts, versions: readonly TVersionFacts[]): ActionRefusal | null {
  const refusal = tableRefusal('rotate', key);
  if (refusal !== null) return refusal;
  if (versions.filter((version) => version.rotationType === 'ON_DEMAND').length >= MAX_ON_DEMAND_ROTATIONS) return 'limit';
  if (key.origin === 'EXTERNAL' && !versions.some((version) => version.state === 'PENDING_ROTATION' && version.importState === 'IMPORTED')) {
    return 'nothing-pending';
  }
  return null;
}

/**
 * What the domain would allow on this key now, and why not otherwise, decided by the rules the operations
 * themselves apply (transitionRefusal on the effective state and origin; delete-key-material's "material to
 * delete"; plan-material-import's and rotation's version rules, from `versions`). The console renders this and
 * nothing else; roles are a separate question (console-permissions). Plain data, so a server page can hand it
 * to client components.
 */
export function permittedActions(key: TKeyFacts, versions: readonly TVersionFacts[] = []): TPermittedActions {
  const entries = KEY_PAGE_ACTIONS.map((action) => {
    if (action === 'importNewMaterial') return [action, verdict(newMaterialRefusal(key, versions))] as const;
    if (action === 'rotate') return [action, verdict(rotationRefusal(key, versions))] as const;
    const refusal = tableRefusal(action, key);
    if (refusal === null && action === 'deleteMaterial' && key.material.status !== 'IMPORTED') return [action, verdict('no-material')] as const;
    return [action, verdict(refusal)] as const;
  });
  return Object.fromEntries(entries) as TPermittedActions;
}

/**
 * The same question for one version of an imported key (SPEC §11): any version may be imported again (its own
 * material only) where the key's state allows an import; a version's material may be deleted where the state
 * allows deleting material and the version holds some.
 */
export function permittedVersionActions(key: TKeyFacts, version: Pick<MaterialVersionView, 'importState'>): TPermittedVersionActions {
  const deleteRefusal = tableRefusal('deleteMaterial', key);
  return {
    reimport: verdict(tableRefusal('importMaterial', key)),
    deleteMaterial: verdict(deleteRefusal ?? (version.importState === 'IMPORTED' ? null : 'no-material')),
  };
}
