import type { z } from 'zod';
import {
  accessKeyAuditEvent,
  newAccessKeyId,
  newSecretAccessKey,
  sealAccessKeySecret,
  toAccessKeyView,
  type AccessKeyView,
} from './access-key-view';
import { audited } from './audited';
import { authorizeAccessKeyRole, authorizeOwnAccessKeys } from './access-key-ownership';
import type { KmsContext } from './context';
import { requireFreshAuthentication } from './fresh-authentication';
import type { AccessKeyRecord, Principal } from './types';
import { ZCreateAccessKeyInput, parseInput } from './validation';
import { announceChange } from './change-feed';

export type TCreateAccessKeyOptions = z.input<typeof ZCreateAccessKeyInput> & { actor: Principal };

export interface TCreatedAccessKey {
  accessKey: AccessKeyView;
  /** Shown to the creator once; Keyfort never returns it again (it keeps it only sealed). */
  secretAccessKey: string;
}

// 90 random bits make a collision practically impossible; a few retries make "taken" survivable anyway.
const MAX_ID_ATTEMPTS = 3;

/**
 * Issues an access key acting for its creator (the owner recorded in the audit log of its requests) with
 * the role chosen, which the creator's own role must cover (SPEC §9: no higher than the owner's). Every
 * person may hold keys; the key then works only while its owner is active and their role still covers it.
 */
export async function createAccessKey(ctx: KmsContext, options: TCreateAccessKeyOptions): Promise<TCreatedAccessKey> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'CreateAccessKey',
    run: async () => {
      authorizeOwnAccessKeys(actor);
      const input = parseInput({ schema: ZCreateAccessKeyInput, input: options });
      // The role first: a request the role can never make is FORBIDDEN, not a prompt for the password.
      authorizeAccessKeyRole(actor, input.role);
      requireFreshAuthentication(ctx.clock, actor);
      for (let attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
        const now = ctx.clock.now();
        const id = newAccessKeyId();
        const secretAccessKey = newSecretAccessKey();
        const record: AccessKeyRecord = {
          id,
          secretCiphertext: sealAccessKeySecret(ctx.keyring, id, secretAccessKey),
          role: input.role,
          ownerName: actor.name,
          ownerUserId: actor.type === 'user' ? actor.id : null,
          description: input.description,
          createdAt: now,
          lastUsedAt: null,
          revokedAt: null,
        };
        const audit = accessKeyAuditEvent({ at: now, actor, action: 'CreateAccessKey', details: { accessKeyId: id, role: input.role } });
        if (await ctx.accessKeys.insertAccessKey(record, audit)) {
          // A cache that remembered this ID as unknown (someone tried it before it existed) must not refuse it.
          announceChange(ctx, { kind: 'access-key', id });
          return { accessKey: toAccessKeyView(record), secretAccessKey };
        }
      }
      throw new Error(`No free access key ID after ${MAX_ID_ATTEMPTS} attempts`);
    },
  });
}
