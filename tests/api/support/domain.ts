// The server under test offers no API for access keys (they are a console feature) and no way to age an
// import token: tests reach both through the domain core, in this process, on the server's own data folder
// and root key, exactly as a second Keyfort instance would. Nothing here touches the database directly.
import { inject } from 'vitest';
import { createDatabase } from '@/lib/db/client';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import { createAccessKey } from '@/lib/kms';
import { revokeAccessKey } from '@/lib/kms';
import type { KmsContext } from '@/lib/kms';
import { createKeyring } from '@/lib/kms';
import { getImportParameters } from '@/lib/kms';
import { IMPORT_TOKEN_TTL_MS } from '@/lib/kms';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import type { Principal, Role } from '@/lib/kms/types';
import { recordSecret } from '../../support/test-logs.mjs';
import './provided';

// Not a person: a key owned by a person works only while that person exists and is active (SPEC §9), and
// these tests have none. Like the environment's bootstrap key, the keys they create have no owner.
const TEST_ADMINISTRATOR: Principal = { type: 'system', id: 'api-tests', name: 'api-tests@example.com', role: 'ADMINISTRATOR' };

export interface InProcessKeyfort {
  ctx: KmsContext;
  clock: FakeClock;
  close(): Promise<void>;
}

/** A Keyfort instance in this process on the server's data folder, with a clock the test moves. */
export async function openInProcess(): Promise<InProcessKeyfort> {
  const { dataDir, rootKeyBase64 } = inject('keyfort');
  // The server has migrated already; migrating again from here would only race it.
  const database = await createDatabase({ dataDir, migrate: false });
  const rootKey = Buffer.from(rootKeyBase64, 'base64');
  const keyring = createKeyring({ rootKey });
  rootKey.fill(0);
  const clock = new FakeClock(new Date());
  const ctx: KmsContext = {
    store: new PrismaKeyStore(database.prisma, database.provider),
    accessKeys: new PrismaAccessKeyStore(database.prisma, database.provider),
    people: new PrismaPeopleStore(database.prisma, database.provider),
    keyring,
    clock,
    keyPairs: createTestKeyPairs(),
  };
  return { ctx, clock, close: () => database.close() };
}

/** A new access key with the given role, created as an administrator would in the console. */
export async function createRoleAccessKey(
  keyfort: InProcessKeyfort,
  role: Role,
): Promise<{ accessKeyId: string; secretAccessKey: string }> {
  keyfort.clock.set(new Date());
  // Creating an access key needs a fresh authentication (SPEC §9): this administrator just entered it.
  const actor = { ...TEST_ADMINISTRATOR, authenticatedAt: keyfort.clock.now() };
  const created = await createAccessKey(keyfort.ctx, { actor, role, description: `api tests: ${role}` });
  recordSecret('access-key-secret', created.secretAccessKey);
  return { accessKeyId: created.accessKey.id, secretAccessKey: created.secretAccessKey };
}

export async function revokeRoleAccessKey(keyfort: InProcessKeyfort, accessKeyId: string): Promise<void> {
  keyfort.clock.set(new Date());
  await revokeAccessKey(keyfort.ctx, { actor: TEST_ADMINISTRATOR, accessKeyId });
}

/**
 * Import parameters issued as if it were one hour more than their 24 h lifetime ago: a genuine token and
 * wrapping key of this Keyfort, past their expiry by the server's clock.
 */
export async function expiredImportParameters(
  keyfort: InProcessKeyfort,
  keyId: string,
): Promise<{ importToken: Buffer; publicKeyDer: Buffer; parametersValidTo: Date }> {
  keyfort.clock.set(new Date(Date.now() - IMPORT_TOKEN_TTL_MS - 3_600_000));
  const parameters = await getImportParameters(keyfort.ctx, {
    actor: TEST_ADMINISTRATOR,
    keyId,
    wrappingAlgorithm: 'RSAES_OAEP_SHA_256',
    wrappingKeySpec: 'RSA_2048',
  });
  keyfort.clock.set(new Date());
  return parameters;
}
