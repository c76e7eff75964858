import { expect, it } from 'vitest';
import type { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { forEachDatabase } from './support/databases';
import { newKey, sleep, uniqueAlias } from './support/keys';

// Each racer uses its own client (its own SQLite connection / PostgreSQL pool), and holds its transaction
// open for a moment after writing, so the other really runs while it is in flight.
const HOLD_MS = 50;

forEachDatabase('key store races', (db) => {
  it('the same alias created twice at once: exactly one transaction gets it', async () => {
    const other = await db().connect();
    for (let round = 0; round < 5; round++) {
      const alias = uniqueAlias('race');
      const keys = [newKey(), newKey()];
      const attempt = (store: PrismaKeyStore, key: (typeof keys)[number]) =>
        store.transaction(async (tx) => {
          await tx.insertKey(key);
          const won = await tx.insertAlias(alias, key.id, key.createdAt);
          await sleep(HOLD_MS);
          return won;
        });

      const results = await Promise.all([attempt(db().store, keys[0]!), attempt(other.store, keys[1]!)]);

      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = keys[results.indexOf(true)]!;
      expect(await db().store.findKeyIdByAlias(alias)).toBe(winner.id);
    }
  });

  it('two conditional updates on one version at once: exactly one wins, the other writes nothing', async () => {
    const other = await db().connect();
    for (let round = 0; round < 5; round++) {
      const key = newKey();
      await db().store.transaction((tx) => tx.insertKey(key));
      // Both decided on the version they read before either wrote, as two users clicking at once do.
      const { version } = (await db().store.findKey(key.id))!;
      const attempt = (store: PrismaKeyStore, description: string) =>
        store.transaction(async (tx) => {
          const won = await tx.updateKey(key.id, version, { description });
          await sleep(HOLD_MS);
          return won;
        });

      const results = await Promise.all([attempt(db().store, 'first'), attempt(other.store, 'second')]);

      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await db().store.findKey(key.id);
      expect(stored).toMatchObject({ version: 1, description: results[0] ? 'first' : 'second' });
    }
  });

  it('an update and a delete on one version at once: exactly one happens', async () => {
    const other = await db().connect();
    const key = newKey();
    await db().store.transaction((tx) => tx.insertKey(key));

    const [updated, deleted] = await Promise.all([
      db().store.transaction(async (tx) => {
        const won = await tx.updateKey(key.id, 0, { state: 'DISABLED' });
        await sleep(HOLD_MS);
        return won;
      }),
      other.store.transaction(async (tx) => {
        const won = await tx.deleteKey(key.id, 0);
        await sleep(HOLD_MS);
        return won;
      }),
    ]);

    expect([updated, deleted].filter(Boolean)).toHaveLength(1);
    expect(await db().store.findKey(key.id)).toEqual(updated ? expect.objectContaining({ version: 1 }) : null);
  });

  it('many read-then-write transactions from two clients: none fails with a lock error and no update is lost', async () => {
    const other = await db().connect();
    const key = newKey();
    await db().store.transaction((tx) => tx.insertKey(key));
    const increment = async (store: PrismaKeyStore) => {
      // The retry a domain operation does when it loses a race: re-read, try again.
      for (;;) {
        const won = await store.transaction(async (tx) => {
          const current = await tx.findKey(key.id);
          await sleep(5);
          return tx.updateKey(key.id, current!.version, { description: `v${current!.version + 1}` });
        });
        if (won) return;
      }
    };

    await Promise.all(Array.from({ length: 16 }, (_, i) => increment(i % 2 ? other.store : db().store)));

    expect(await db().store.findKey(key.id)).toMatchObject({ version: 16, description: 'v16' });
  });

  it('two first-run writers of one setting at once: both get the first writer’s value', async () => {
    const other = await db().connect();
    const name = uniqueAlias('setting');
    const results = await Promise.all([
      db().store.putSettingIfAbsent(name, 'from-one'),
      other.store.putSettingIfAbsent(name, 'from-two'),
    ]);

    expect(results[0]).toBe(results[1]);
    expect(['from-one', 'from-two']).toContain(results[0]);
    expect(await db().store.getSetting(name)).toBe(results[0]);
    expect(await other.store.putSettingIfAbsent(name, 'later')).toBe(results[0]);
  });
});
