import type { AuditAction } from './audit-actions';
import type { AuditDetails } from './audited';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { effectiveState, hasUsableMaterial, toKeyView, type KeyView } from './key-view';
import { assertTransition, type StateAction } from './states';
import type { KeyPatch, KeyStoreTx } from './store';
import type { KeyRecord, KeyState, Principal } from './types';
import { announceChange } from './change-feed';

export interface TChange {
  key: KeyRecord;
  /** Effective state before the change. */
  from: KeyState;
  to: KeyState;
  now: Date;
}

export interface TReadForTransitionOptions {
  /** The transaction, or the store for a check made before one (it is repeated inside). */
  reader: Pick<KeyStoreTx, 'findKey'>;
  keyId: string;
  action: StateAction;
  now: Date;
}

/** Reads the key and checks the action against its effective state: NOT_FOUND, UNSUPPORTED, INVALID_STATE. */
export async function readForTransition(options: TReadForTransitionOptions): Promise<TChange> {
  const { now, action } = options;
  const key = await options.reader.findKey(options.keyId);
  if (!key) throw new KmsError('NOT_FOUND', 'No such key.');
  const from = effectiveState(key, now);
  const to = assertTransition({ from, action, origin: key.origin, hasMaterial: hasUsableMaterial(key, now) });
  if (to === null) throw new Error(`mutateKey cannot perform ${action}, which deletes the key`);
  return { key, from, to, now };
}

export interface TMutateKeyOptions {
  ctx: KmsContext;
  actor: Principal;
  auditAction: AuditAction;
  stateAction: StateAction;
  /** A key ID, or a lookup run inside the transaction (e.g. by alias) so it sees the same data. */
  keyId: string | ((tx: KeyStoreTx) => Promise<string>);
  /**
   * Fields besides the state; the state is written whenever the transition changes it. Runs after the
   * state check and before the conditional update, so its own checks (import tokens) come in that order.
   */
  patch?: (change: TChange & { tx: KeyStoreTx }) => KeyPatch | Promise<KeyPatch>;
  /** Further writes in the same transaction (aliases). Throwing rolls back the whole change. */
  alsoWrite?: (change: TChange & { tx: KeyStoreTx }) => Promise<void>;
  details?: (change: TChange) => AuditDetails;
}

/** Thrown inside the transaction so that it rolls back, then caught to re-evaluate. */
class ConcurrentChange extends Error {}

async function attempt(options: TMutateKeyOptions, tx: KeyStoreTx): Promise<KeyView> {
  const { ctx } = options;
  const now = ctx.clock.now();
  const keyId = typeof options.keyId === 'string' ? options.keyId : await options.keyId(tx);
  const change = await readForTransition({ reader: tx, keyId, action: options.stateAction, now });
  const { key, from, to } = change;
  const patch: KeyPatch = { ...(await options.patch?.({ ...change, tx })), updatedAt: now };
  // Expired material is left to the expiry sweeper: an UNCHANGED row keeps the stored state. A patch that
  // names a state knows better than the table (an import that leaves another version missing).
  if (patch.state === undefined && to !== from) patch.state = to;
  const toState = patch.state ?? to;
  // Even changes that touch no key column bump the version, so they serialise with state transitions.
  if (!(await tx.updateKey(key.id, key.version, patch))) throw new ConcurrentChange();
  await options.alsoWrite?.({ ...change, tx });
  await tx.insertAudit({
    at: now,
    actor: options.actor,
    action: options.auditAction,
    keyId: key.id,
    result: 'SUCCESS',
    errorCode: null,
    details: { fromState: from, toState, ...options.details?.(change) },
  });
  const after = await tx.findKey(key.id);
  if (!after) throw new Error(`Key ${key.id} vanished inside its own transaction`);
  return toKeyView(after, now);
}

/**
 * The one way keys change: read, check the transition against the effective state, conditional update on
 * the version read, extra writes and the audit record, all in one transaction. Losing a race re-evaluates
 * once against the winner's result (which may now refuse the action); losing twice gives INVALID_STATE.
 */
export async function mutateKey(options: TMutateKeyOptions): Promise<KeyView> {
  for (let round = 0; ; round++) {
    try {
      const view = await options.ctx.store.transaction((tx) => attempt(options, tx));
      // After the commit: a cached copy must not outlive the change on this instance.
      announceChange(options.ctx, { kind: 'key', id: view.id });
      return view;
    } catch (error) {
      if (!(error instanceof ConcurrentChange)) throw error;
      if (round >= 1) {
        throw new KmsError('INVALID_STATE', 'The key was changed by another request at the same time. Reload it and try again.');
      }
    }
  }
}
