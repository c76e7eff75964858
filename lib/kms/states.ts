import { KmsError } from './errors';
import type { KeyOrigin, KeyState } from './types';

// SPEC §2 as data. Every mutation asks assertTransition before writing, against the key's EFFECTIVE state
// (expired material reads as PENDING_IMPORT), except expireMaterial, which is about the stored state.

export const STATE_ACTIONS = [
  'create',
  'updateDescription',
  'createAlias',
  'deleteAlias',
  'enable',
  'disable',
  'scheduleDeletion',
  'cancelDeletion',
  'purge',
  'getImportParameters',
  'importMaterial',
  'deleteMaterial',
  'expireMaterial',
  'tag',
  'untag',
  'rotate',
  'configureRotation',
] as const;
export type StateAction = (typeof STATE_ACTIONS)[number];

/** What an allowed action leads to. */
export type Target =
  | { to: KeyState }
  | { to: 'UNCHANGED' }
  /** The key row is deleted (aliases and material with it; audit records stay). */
  | { to: 'PURGED' }
  /** Depends on whether the key still holds usable material. */
  | { withMaterial: KeyState; withoutMaterial: KeyState }
  | { byOrigin: Record<KeyOrigin, KeyState> }
  /** Refused with its own error rather than INVALID_STATE (AWS: DisabledException for a disabled key). */
  | { refuse: 'DISABLED' };

const UNCHANGED = { to: 'UNCHANGED' } as const;
const UNTIL_DELETION = { ENABLED: UNCHANGED, DISABLED: UNCHANGED, PENDING_IMPORT: UNCHANGED } as const;
const WHILE_ENABLED = { ENABLED: UNCHANGED, DISABLED: { refuse: 'DISABLED' } } as const;

/** Rows not listed are refused with INVALID_STATE. `NEW` is "no key yet". */
export const TRANSITIONS: Record<StateAction, Partial<Record<KeyState | 'NEW', Target>>> = {
  create: { NEW: { byOrigin: { KMS: 'ENABLED', EXTERNAL: 'PENDING_IMPORT' } } },
  // SPEC §1: the description is editable unless Pending deletion; aliases follow AWS (no new alias then).
  updateDescription: UNTIL_DELETION,
  createAlias: UNTIL_DELETION,
  deleteAlias: { ...UNTIL_DELETION, PENDING_DELETION: UNCHANGED },
  enable: { DISABLED: { to: 'ENABLED' } },
  disable: { ENABLED: { to: 'DISABLED' } },
  scheduleDeletion: {
    ENABLED: { to: 'PENDING_DELETION' },
    DISABLED: { to: 'PENDING_DELETION' },
    PENDING_IMPORT: { to: 'PENDING_DELETION' },
  },
  cancelDeletion: { PENDING_DELETION: { withMaterial: 'DISABLED', withoutMaterial: 'PENDING_IMPORT' } },
  purge: { PENDING_DELETION: { to: 'PURGED' } },
  getImportParameters: UNTIL_DELETION,
  importMaterial: { PENDING_IMPORT: { to: 'ENABLED' }, ENABLED: UNCHANGED, DISABLED: UNCHANGED },
  deleteMaterial: { ENABLED: { to: 'PENDING_IMPORT' }, DISABLED: { to: 'PENDING_IMPORT' }, PENDING_DELETION: UNCHANGED },
  // SPEC §5: expired material is deleted whatever the state; a key pending deletion keeps its state.
  expireMaterial: { ENABLED: { to: 'PENDING_IMPORT' }, DISABLED: { to: 'PENDING_IMPORT' }, PENDING_DELETION: UNCHANGED },
  // As AWS: tags change with the key, never while it waits to be purged.
  tag: UNTIL_DELETION,
  untag: UNTIL_DELETION,
  // SPEC §11: rotation (on demand, or turning automatic rotation on or off) needs a usable, enabled key.
  rotate: WHILE_ENABLED,
  configureRotation: WHILE_ENABLED,
};

/** Import actions exist only for keys whose material comes from outside (checked before the state). */
export const EXTERNAL_ONLY_ACTIONS: ReadonlySet<StateAction> = new Set([
  'getImportParameters',
  'importMaterial',
  'deleteMaterial',
  'expireMaterial',
]);

/** Automatic rotation exists only for generated material (SPEC §11; checked before the state). */
export const GENERATED_ONLY_ACTIONS: ReadonlySet<StateAction> = new Set(['configureRotation']);

const ORIGIN_OF_ACTION = (action: StateAction): KeyOrigin | null =>
  EXTERNAL_ONLY_ACTIONS.has(action) ? 'EXTERNAL' : GENERATED_ONLY_ACTIONS.has(action) ? 'KMS' : null;

export interface TAssertTransitionOptions {
  /** Effective state of the key, or null when it does not exist yet (create). */
  from: KeyState | null;
  action: StateAction;
  origin: KeyOrigin;
  /** Whether the key holds usable (present and unexpired) material; decides cancelDeletion's target. */
  hasMaterial: boolean;
}

/**
 * Returns the state after the action: the same state for UNCHANGED rows, null when the key is purged.
 * Throws UNSUPPORTED (import action on a generated key) or INVALID_STATE.
 */
/**
 * Why `action` is refused for a key of this origin in this (effective) state, or null when SPEC §2 allows it:
 * `origin` (import actions on generated keys, UNSUPPORTED) is checked before `state` (INVALID_STATE).
 * assertTransition and the console's permittedActions both ask this, so they cannot disagree.
 */
export function transitionRefusal(options: { action: StateAction; from: KeyState | null; origin: KeyOrigin }): 'origin' | 'state' | null {
  const origin = ORIGIN_OF_ACTION(options.action);
  if (origin !== null && options.origin !== origin) return 'origin';
  const target = TRANSITIONS[options.action][options.from ?? 'NEW'];
  return target === undefined || 'refuse' in target ? 'state' : null;
}

export function assertTransition(options: TAssertTransitionOptions): KeyState | null {
  const { from, action, origin } = options;
  const refusal = transitionRefusal(options);
  if (refusal === 'origin') {
    throw new KmsError(
      'UNSUPPORTED',
      origin === 'KMS'
        ? `${action} applies only to keys with origin EXTERNAL; this key's material was generated by Keyfort.`
        : `${action} applies only to keys whose material Keyfort generates; this key's material is imported.`,
    );
  }
  const target = TRANSITIONS[action][from ?? 'NEW'];
  if (target && 'refuse' in target) throw new KmsError('DISABLED', `${action} needs the key enabled; it is disabled. Enable it first.`);
  if (refusal === 'state' || !target) {
    const where = from === null ? 'a key that does not exist' : `a key in state ${from}`;
    throw new KmsError('INVALID_STATE', `${action} is not allowed for ${where}.`);
  }
  if ('byOrigin' in target) return target.byOrigin[origin];
  if ('withMaterial' in target) return options.hasMaterial ? target.withMaterial : target.withoutMaterial;
  if (target.to === 'PURGED') return null;
  if (target.to === 'UNCHANGED') return from;
  return target.to;
}
