import { randomBytes } from 'node:crypto';
import type { KmsContext } from '@/lib/kms';
import { createKeyring } from '@/lib/kms';
import type { KeyStore, KeyStoreTx } from '@/lib/kms';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import type { TestDatabase } from './databases';
import { sleep } from './keys';

/** One Keyfort instance on the suite's database: its own client, the shared root key, clock and key pairs. */
export interface ImportInstance {
  ctx: KmsContext;
  /** Awaited inside the transaction just before a key's conditional update reaches the database. */
  hooks: { beforeUpdateKey?: () => Promise<void> };
}

/** Forwards everything to the real store; only waits where a test asks, so racers both read before writing. */
function withHooks(store: KeyStore, hooks: ImportInstance['hooks']): KeyStore {
  const hooked = (tx: KeyStoreTx): KeyStoreTx =>
    new Proxy(tx, {
      get(target, name: keyof KeyStoreTx) {
        if (name !== 'updateKey') return (target[name] as (...args: unknown[]) => unknown).bind(target);
        return async (...args: Parameters<KeyStoreTx['updateKey']>) => {
          await hooks.beforeUpdateKey?.();
          return target.updateKey(...args);
        };
      },
    });
  return new Proxy(store, {
    get(target, name: keyof KeyStore) {
      if (name === 'transaction') return <T>(fn: (tx: KeyStoreTx) => Promise<T>) => target.transaction((tx) => fn(hooked(tx)));
      return (target[name] as (...args: unknown[]) => unknown).bind(target);
    },
  });
}

export async function importInstances(db: TestDatabase, count: number): Promise<{ instances: ImportInstance[]; clock: FakeClock }> {
  const clock = new FakeClock(new Date());
  const keyring = createKeyring({ rootKey: randomBytes(32) });
  const keyPairs = createTestKeyPairs();
  const instances: ImportInstance[] = [];
  for (let i = 0; i < count; i++) {
    const { store, accessKeys, people } = i === 0 ? db : await db.connect();
    const hooks: ImportInstance['hooks'] = {};
    instances.push({ ctx: { store: withHooks(store, hooks), clock, keyring, keyPairs, accessKeys, people }, hooks });
  }
  return { instances, clock };
}

/**
 * Lets `parties` callers through together. On SQLite the other transaction cannot arrive while this one
 * holds the write lock, so a caller gives up waiting after `timeoutMs` (the race is then serialised).
 */
export function rendezvous(parties: number, timeoutMs: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived >= parties) open();
    return arrived > parties ? Promise.resolve() : Promise.race([opened, sleep(timeoutMs).then(() => undefined)]);
  };
}
