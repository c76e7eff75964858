import { KmsError } from './errors';
import type { PeopleStoreTx, PersonRecord } from './people-store';
import { isActiveAdministrator } from './person-view';
import type { Principal } from './types';

// SPEC §9's rules about people, each once. They run inside the people transaction (under its lock), so
// what they read stays true until the change commits.

/** The person, or NOT_FOUND. */
export async function findPersonOrThrow(tx: PeopleStoreTx, userId: string): Promise<PersonRecord> {
  const person = await tx.findPerson(userId);
  if (!person) throw new KmsError('NOT_FOUND', 'No person with this ID.');
  return person;
}

/** Nobody changes their own role, nor disables or removes themselves. */
export function assertNotOwnAccount(actor: Principal, target: PersonRecord): void {
  if (actor.type === 'user' && actor.id === target.id) {
    throw new KmsError('OWN_ACCOUNT', 'You cannot change your own role, nor disable or remove yourself.');
  }
}

/**
 * The last active Administrator can be neither demoted, disabled nor removed. `target` is about to stop
 * being an active administrator; the count is read under the people lock, so a concurrent demotion of
 * another administrator either committed before it (and is counted) or waits for this one.
 */
export async function assertAdministratorRemains(tx: PeopleStoreTx, target: PersonRecord): Promise<void> {
  if (!isActiveAdministrator(target)) return;
  if ((await tx.countActiveAdministrators()) > 1) return;
  throw new KmsError('LAST_ADMINISTRATOR', 'This is the last active Administrator: make someone else an Administrator first.');
}
