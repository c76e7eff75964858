// Access keys are a console feature with no AWS API: the tests create and revoke them through the domain
// core in this process, on the cluster's database and root key — a Keyfort instance of its own, as a
// console would. The instances under test learn of it only through the shared database.
import { createDatabase, type Database } from '@/lib/db/client';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import { createAccessKey, createKeyring, type KmsContext, revokeAccessKey, systemClock } from '@/lib/kms';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import type { Principal, Role } from '@/lib/kms/types';
import type { TCredentials } from './cluster';

// Not a person (a person's key works only while that person exists and is active): like the bootstrap key.
const ADMINISTRATOR: Principal = { type: 'system', id: 'cluster-tests', name: 'cluster-tests@example.com', role: 'ADMINISTRATOR' };

export interface InProcessKeyfort {
  createAccessKey(role: Role): Promise<TCredentials>;
  revokeAccessKey(accessKeyId: string): Promise<void>;
  close(): Promise<void>;
}

export async function openInProcess(options: { databaseUrl: string; rootKeyBase64: string }): Promise<InProcessKeyfort> {
  // The instances migrated the database already.
  const database: Database = await createDatabase({ databaseUrl: options.databaseUrl, dataDir: '.', migrate: false });
  const rootKey = Buffer.from(options.rootKeyBase64, 'base64');
  const keyring = createKeyring({ rootKey });
  rootKey.fill(0);
  const ctx: KmsContext = {
    store: new PrismaKeyStore(database.prisma, database.provider),
    accessKeys: new PrismaAccessKeyStore(database.prisma, database.provider),
    people: new PrismaPeopleStore(database.prisma, database.provider),
    keyring,
    clock: systemClock,
    keyPairs: createTestKeyPairs(),
  };
  return {
    async createAccessKey(role) {
      // Creating an access key needs a fresh authentication (SPEC §9): this administrator just entered it.
      const created = await createAccessKey(ctx, { actor: { ...ADMINISTRATOR, authenticatedAt: new Date() }, role, description: `cluster tests: ${role}` });
      return { accessKeyId: created.accessKey.id, secretAccessKey: created.secretAccessKey };
    },
    async revokeAccessKey(accessKeyId) {
      await revokeAccessKey(ctx, { actor: ADMINISTRATOR, accessKeyId });
    },
    close: () => database.close(),
  };
}
