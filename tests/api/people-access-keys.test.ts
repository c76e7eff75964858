// Access keys belong to a person (SPEC §9): the server refuses a key within 1 s once its owner is disabled,
// demoted below the key's role or removed, and accepts it again when a disabled owner is re-enabled. People
// and keys are changed through the domain core in this process, as the console does; the server under test
// learns of it only through the shared database.
import { ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addPerson } from '@/lib/kms';
import { changeRole } from '@/lib/kms';
import { createAccessKey } from '@/lib/kms';
import { disablePerson } from '@/lib/kms';
import { enablePerson } from '@/lib/kms';
import { removePerson } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { kmsClient, uniqueName, waitUntil } from './support/client';
import { openInProcess, type InProcessKeyfort } from './support/domain';

const BOUND_MS = 1_000;
// Polling every 25 ms plus a loaded 2-core machine: the measured time may exceed the bound by this much.
const SCHEDULING_MARGIN_MS = 250;

// Not a person, so never "own account"; an administrator like the People page's.
const PEOPLE_ADMIN: Principal = { type: 'system', id: 'api-tests-people', name: 'api-tests@example.com', role: 'ADMINISTRATOR' };

let keyfort: InProcessKeyfort;

beforeAll(async () => {
  keyfort = await openInProcess();
});
afterAll(async () => {
  await keyfort?.close();
});

/** A new person with the role and an access key of their own (role KEY_USER), and a client signing with it. */
async function personWithKey(role: 'KEY_USER'): Promise<{ userId: string; client: KMSClient }> {
  keyfort.clock.set(new Date());
  const { person } = await addPerson(keyfort.ctx, { actor: PEOPLE_ADMIN, email: `${uniqueName('person')}@example.com`, name: 'API person', role });
  const owner: Principal = { type: 'user', id: person.id, name: person.email, role, authenticatedAt: keyfort.clock.now() };
  const created = await createAccessKey(keyfort.ctx, { actor: owner, role: 'KEY_USER' });
  return { userId: person.id, client: kmsClient({ accessKeyId: created.accessKey.id, secretAccessKey: created.secretAccessKey }) };
}

async function works(client: KMSClient): Promise<boolean> {
  try {
    await client.send(new ListKeysCommand({ Limit: 1 }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'UnrecognizedClientException') return false;
    throw error;
  }
}

async function refusedWithinBound(client: KMSClient): Promise<void> {
  const elapsed = await waitUntil(async () => !(await works(client)), { withinMs: BOUND_MS + SCHEDULING_MARGIN_MS });
  expect(elapsed).toBeLessThanOrEqual(BOUND_MS + SCHEDULING_MARGIN_MS);
}

describe('access keys of people', () => {
  it(`stop within ${BOUND_MS} ms when the owner is disabled, and work again when they are enabled`, async () => {
    const { userId, client } = await personWithKey('KEY_USER');
    for (let i = 0; i < 3; i++) expect(await works(client)).toBe(true);
    keyfort.clock.set(new Date());
    await disablePerson(keyfort.ctx, { actor: PEOPLE_ADMIN, userId });
    await refusedWithinBound(client);
    await enablePerson(keyfort.ctx, { actor: PEOPLE_ADMIN, userId });
    await waitUntil(() => works(client), { withinMs: BOUND_MS + SCHEDULING_MARGIN_MS });
  });

  it(`stop within ${BOUND_MS} ms when the owner's new role does not cover the key's`, async () => {
    const { userId, client } = await personWithKey('KEY_USER');
    expect(await works(client)).toBe(true);
    keyfort.clock.set(new Date());
    await changeRole(keyfort.ctx, { actor: PEOPLE_ADMIN, userId, role: 'AUDITOR' });
    await refusedWithinBound(client);
    await removePerson(keyfort.ctx, { actor: PEOPLE_ADMIN, userId });
  });

  it(`stop within ${BOUND_MS} ms when the owner is removed (the key is revoked with them)`, async () => {
    const { userId, client } = await personWithKey('KEY_USER');
    expect(await works(client)).toBe(true);
    keyfort.clock.set(new Date());
    const removed = await removePerson(keyfort.ctx, { actor: PEOPLE_ADMIN, userId });
    expect(removed.revokedAccessKeyIds).toHaveLength(1);
    await refusedWithinBound(client);
  });
});
