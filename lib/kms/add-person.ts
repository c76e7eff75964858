import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { issueLinkInTx, type TPasswordLink } from './password-link';
import { ZAddPersonInput } from './people-validation';
import { personAuditEvent, targetDetails, toPersonView, type PersonView } from './person-view';
import type { Principal } from './types';
import { parseInput } from './validation';

export type TAddPersonOptions = z.input<typeof ZAddPersonInput> & { actor: Principal };

export interface TAddedPerson {
  person: PersonView;
  /** Shown once to the administrator to hand over; only its hash is stored. */
  link: TPasswordLink;
}

/**
 * Adds a person with a role and no password: they set one with the one-time link (valid 24 h) that this
 * returns. The email is normalised to lower case, so no two people differ by case only (PERSON_EXISTS).
 */
export async function addPerson(ctx: KmsContext, options: TAddPersonOptions): Promise<TAddedPerson> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'AddPerson',
    run: async () => {
      authorize(actor, 'users:manage');
      const input = parseInput({ schema: ZAddPersonInput, input: options });
      const now = ctx.clock.now();
      return ctx.people.transaction(async (tx) => {
        const person = { id: randomUUID(), email: input.email, name: input.name, role: input.role, createdAt: now, updatedAt: now };
        if (!(await tx.insertPerson(person))) throw new KmsError('PERSON_EXISTS', 'A person with this email already exists.');
        const link = await issueLinkInTx(tx, { userId: person.id, now });
        await tx.insertAudit(
          personAuditEvent({ at: now, actor, action: 'AddPerson', details: { ...targetDetails(person), role: input.role } }),
        );
        const view = toPersonView({ ...person, disabledAt: null, lastSignInAt: null, twoFactorEnabled: false });
        return { person: view, link };
      });
    },
  });
}
