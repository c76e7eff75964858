import { randomBytes } from 'node:crypto';
import type { KmsContext } from '@/lib/kms';
import { createKeyring } from '@/lib/kms';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import type { TestDatabase } from './databases';
import { probed, type StoreProbe } from './domain-context';

/** One Keyfort instance on the suite's database: its own client, the shared root key, clock and key pairs. */
export interface ImportInstance {
  ctx: KmsContext;
  /** The store probe (support/domain-context): lineUpBefore makes racers wait before a call. */
  probe: StoreProbe;
}

export async function importInstances(db: TestDatabase, count: number): Promise<{ instances: ImportInstance[]; clock: FakeClock }> {
  const clock = new FakeClock(new Date());
  const keyring = createKeyring({ rootKey: randomBytes(32) });
  const keyPairs = createTestKeyPairs();
  const instances: ImportInstance[] = [];
  for (let i = 0; i < count; i++) {
    const connection = i === 0 ? db : await db.connect();
    const { store, probe } = probed(connection.store);
    instances.push({ ctx: { store, clock, keyring, keyPairs, accessKeys: connection.accessKeys, people: connection.people }, probe });
  }
  return { instances, clock };
}
