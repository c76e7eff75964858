import type { KeyView } from './key-view';
import { transitionRefusal } from './states';

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
] as const;
export type KeyPageAction = (typeof KEY_PAGE_ACTIONS)[number];

/**
 * Why the domain would refuse an action: `origin` (the material was generated: UNSUPPORTED), `state`
 * (SPEC §2: INVALID_STATE), `no-material` (nothing to delete: INVALID_STATE).
 */
export type ActionRefusal = 'origin' | 'state' | 'no-material';
export type TActionVerdict = { allowed: true } | { allowed: false; refusal: ActionRefusal };
export type TPermittedActions = Record<KeyPageAction, TActionVerdict>;

function verdict(refusal: ActionRefusal | null): TActionVerdict {
  return refusal === null ? { allowed: true } : { allowed: false, refusal };
}

/**
 * What the domain would allow on this key now, and why not otherwise, decided by the rules the operations
 * themselves apply (transitionRefusal on the effective state and origin; delete-key-material's "material to
 * delete"). The console renders this and nothing else; roles are a separate question (console-permissions).
 * Plain data, so a server page can hand it to client components.
 */
export function permittedActions(key: Pick<KeyView, 'state' | 'origin' | 'material'>): TPermittedActions {
  const entries = KEY_PAGE_ACTIONS.map((action) => {
    const refusal = transitionRefusal({ action, from: key.state, origin: key.origin });
    if (refusal === null && action === 'deleteMaterial' && key.material.status !== 'IMPORTED') return [action, verdict('no-material')] as const;
    return [action, verdict(refusal)] as const;
  });
  return Object.fromEntries(entries) as TPermittedActions;
}
