import { randomBytes } from 'node:crypto';
import { createKeyring, type Keyring } from '@/lib/kms';
import type { KmsContext } from '@/lib/kms';
import { isKmsError } from '@/lib/kms';
import type { KeyStore, KeyStoreTx } from '@/lib/kms';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import type { DatabaseProvider } from '@/lib/db/target';
import type { TestDatabase } from './databases';
import { sleep } from './keys';

/** One Keyfort instance: its own client (connection / pool), the shared root key and clock. */
export interface Worker {
  ctx: KmsContext;
  /** What the instance's store was asked to do; set `hooks` to line racers up. */
  probe: StoreProbe;
}

export interface StoreProbe {
  hooks: {
    /** Awaited inside a transaction just before the named call is forwarded to the real store. */
    beforeTx?: Partial<Record<keyof KeyStoreTx, () => Promise<void>>>;
    /** Awaited after the real findKeysDueForPurge returned (the purge job has its list). */
    afterListDue?: () => Promise<void>;
  };
  /** Conditional writes (updateKey, deleteKey) that matched no row: races this instance lost. */
  lostWrites: number;
}

/**
 * Wraps the real store without changing what it does: the hooks only wait, so tests can make both
 * racers read before either writes. Every call still goes to the database.
 */
export function probed(store: KeyStore): { store: KeyStore; probe: StoreProbe } {
  const probe: StoreProbe = { hooks: {}, lostWrites: 0 };
  const wrapTx = (tx: KeyStoreTx): KeyStoreTx =>
    new Proxy(tx, {
      get(target, name: keyof KeyStoreTx) {
        const value = target[name];
        if (typeof value !== 'function') return value;
        return async (...args: unknown[]) => {
          await probe.hooks.beforeTx?.[name]?.();
          const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          if ((name === 'updateKey' || name === 'deleteKey') && result === false) probe.lostWrites += 1;
          return result;
        };
      },
    });
  const wrapped = new Proxy(store, {
    get(target, name: keyof KeyStore) {
      const value = target[name];
      if (name === 'transaction') {
        return <T>(fn: (tx: KeyStoreTx) => Promise<T>) => target.transaction((tx) => fn(wrapTx(tx)));
      }
      if (name === 'findKeysDueForPurge') {
        return async (now: Date, limit: number) => {
          const due = await target.findKeysDueForPurge(now, limit);
          await probe.hooks.afterListDue?.();
          return due;
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
  return { store: wrapped, probe };
}

/** Two (or more) instances of Keyfort on the suite's database, as when several run behind a load balancer. */
export async function startWorkers(db: TestDatabase, count: number, clock: FakeClock, keyring: Keyring): Promise<Worker[]> {
  const workers: Worker[] = [];
  const keyPairs = createTestKeyPairs(); // import is not raced here; generated only if taken
  for (let i = 0; i < count; i++) {
    const connection = i === 0 ? db : await db.connect();
    const { store, probe } = probed(connection.store);
    workers.push({ ctx: { store, clock, keyring, keyPairs, accessKeys: connection.accessKeys, people: connection.people }, probe });
  }
  return workers;
}

export const newKeyring = (): Keyring => createKeyring({ rootKey: randomBytes(32) });
export const newClock = (): FakeClock => new FakeClock('2030-01-01T00:00:00.000Z');

/**
 * Lets the first `parties` callers through together. A racer that can't arrive (on SQLite the other
 * transaction waits for the write lock this one holds) releases the first after `timeoutMs`.
 */
export function rendezvous(parties: number, timeoutMs: number): () => Promise<void> {
  let arrived = 0;
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return () => {
    arrived += 1;
    if (arrived > parties) return Promise.resolve();
    if (arrived === parties) open();
    return Promise.race([opened, sleep(timeoutMs).then(() => undefined)]);
  };
}

/** How long a racer inside a transaction waits for the other (see rendezvous). */
export const inTransactionWaitMs = (provider: DatabaseProvider): number => (provider === 'sqlite' ? 20 : 5_000);

/**
 * Lines the racers up: each waits, inside its transaction, just before the call named (once `skip` such calls
 * went through, counted over all racers), until all have arrived, so all have read before any writes.
 */
export function lineUpBefore(racers: readonly { probe: StoreProbe }[], options: { provider: DatabaseProvider; method: keyof KeyStoreTx; skip?: number }): void {
  const gate = rendezvous(racers.length, inTransactionWaitMs(options.provider));
  let calls = 0;
  const hook = () => (++calls > (options.skip ?? 0) ? gate() : Promise.resolve());
  for (const racer of racers) racer.probe.hooks = { beforeTx: { [options.method]: hook } };
}

/** The KmsError code a call failed with, or 'OK'; anything else is rethrown (an internal fault fails the test). */
export async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    if (isKmsError(error)) return error.code;
    throw error;
  }
}
