import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { KeyStore, ListKeysQuery, NewKey } from '../store';
import type { AuditEventInput, KeyRecord, Principal } from '../types';
import { materialVersionStoreContract } from './material-version-store-contract';

/*
 * The KeyStore contract as one set of cases, run against the in-memory store (lib/kms/key-store-contract.test.ts)
 * and the Prisma store on SQLite and PostgreSQL (tests/integration/key-store-contract.test.ts). The domain's
 * unit tests trust the fake to behave like the databases; these cases are where that trust is checked.
 *
 * The store may be shared with other rows (a database other suites write to): every key carries an alias
 * under this run's own prefix, and the list cases search by it, so other rows change no count or order.
 * Expectations name keys by label, never by their (random) IDs, and no two keys tie on a sort column.
 */

export interface KeyStoreContractSubject {
  store: KeyStore;
}

const NOW = new Date('2026-06-15T12:00:00.000Z');
const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const later = (ms: number) => new Date(NOW.getTime() + ms);
const created = (day: number) => new Date(Date.UTC(2026, 0, day));

const ACTOR: Principal = { type: 'user', id: 'user-contract', name: 'contract@example.com', role: 'ADMINISTRATOR' };

function key(overrides: Partial<NewKey> = {}): NewKey {
  return {
    id: randomUUID(),
    description: 'key store contract',
    state: 'ENABLED',
    origin: 'KMS',
    createdAt: created(1),
    updatedAt: created(1),
    deletionDate: null,
    materialCiphertext: new Uint8Array([1, 2, 3, 4]),
    materialId: null,
    materialImportedAt: null,
    materialExpiresAt: null,
    ...overrides,
  };
}

const stored = (newKey: NewKey, aliases: string[] = []): KeyRecord => ({
  ...newKey,
  materialRemovedReason: null,
  materialRemovedAt: null,
  rotationPeriodDays: null,
  nextRotationAt: null,
  removedMaterialSequence: 0,
  version: 0,
  aliases,
});

/** Keys for the list cases: distinct creation days and expiry instants, so every order is fully determined. */
const external = (day: number, overrides: Partial<NewKey> = {}) =>
  key({ origin: 'EXTERNAL', createdAt: created(day), updatedAt: created(day), materialImportedAt: created(day), ...overrides });
const LISTED = {
  'in-90s': external(1, { materialExpiresAt: later(90 * SECOND) }),
  'in-3d-disabled': external(2, { state: 'DISABLED', materialExpiresAt: later(3 * DAY) }),
  'in-20d': external(3, { materialExpiresAt: later(20 * DAY) }),
  'in-60d': external(4, { materialExpiresAt: later(60 * DAY) }),
  // Past its instant and not yet swept: Pending import in effect, in no window, first by expiry.
  'expired-unswept': external(5, { materialExpiresAt: later(-HOUR) }),
  'awaiting-import': external(6, { state: 'PENDING_IMPORT', materialCiphertext: null }),
  'generated': key({ createdAt: created(7), updatedAt: created(7) }),
  'generated-disabled': key({ state: 'DISABLED', createdAt: created(8), updatedAt: created(8) }),
} satisfies Record<string, NewKey>;
type Label = keyof typeof LISTED;

export function keyStoreContract(name: string, setup: () => KeyStoreContractSubject): void {
  describe(`KeyStore contract: ${name}`, () => {
    const run = randomUUID().slice(0, 8);
    const alias = (label: string) => `alias/contract-${run}/${label}`;
    const store = () => setup().store;

    async function insert(newKey: NewKey, aliases: string[] = []): Promise<void> {
      await store().transaction(async (tx) => {
        await tx.insertKey(newKey);
        for (const name of aliases) expect(await tx.insertAlias(name, newKey.id, newKey.createdAt)).toBe(true);
      });
    }

    it('inserts a key and finds it again, by ID and by alias, every field unchanged', async () => {
      const k = key({
        description: 'Payments — "quoted"',
        origin: 'EXTERNAL',
        materialId: 'binding-1',
        materialImportedAt: new Date('2026-02-03T04:05:06.789Z'),
        materialExpiresAt: new Date('2027-02-03T04:05:06.001Z'),
      });
      const aliases = [alias('find-b'), alias('find-a')];
      await insert(k, aliases);

      expect(await store().findKey(k.id)).toEqual(stored(k, [alias('find-a'), alias('find-b')]));
      expect(await store().findKeyIdByAlias(alias('find-b'))).toBe(k.id);
      expect(await store().transaction((tx) => tx.findKey(k.id))).toEqual(stored(k, [alias('find-a'), alias('find-b')]));
      expect(await store().findKey(randomUUID())).toBeNull();
      expect(await store().findKeyIdByAlias(alias('nobody'))).toBeNull();
    });

    it('updates by version: the current version writes and bumps it, a stale one writes nothing and returns false', async () => {
      const k = key();
      await insert(k);
      const at = new Date('2026-06-01T00:00:00.500Z');

      expect(await store().transaction((tx) => tx.updateKey(k.id, 0, { state: 'DISABLED', updatedAt: at }))).toBe(true);
      expect(await store().findKey(k.id)).toEqual({ ...stored(k), state: 'DISABLED', updatedAt: at, version: 1 });

      expect(await store().transaction((tx) => tx.updateKey(k.id, 0, { description: 'lost write', state: 'ENABLED' }))).toBe(false);
      expect(await store().findKey(k.id)).toEqual({ ...stored(k), state: 'DISABLED', updatedAt: at, version: 1 });
      expect(await store().transaction((tx) => tx.updateKey(randomUUID(), 0, { description: 'no such key' }))).toBe(false);
    });

    it('keeps the material ID a patch set after the material is removed, with the cause and time of removal', async () => {
      const k = key({ origin: 'EXTERNAL', materialCiphertext: null, state: 'PENDING_IMPORT' });
      await insert(k);
      const importedAt = new Date('2026-03-01T00:00:00.000Z');
      const expiresAt = new Date('2026-04-01T00:00:00.000Z');
      const bound = await store().transaction((tx) =>
        tx.updateKey(k.id, 0, {
          state: 'ENABLED',
          materialCiphertext: new Uint8Array([9, 8, 7]),
          materialId: 'binding-of-first-material',
          materialImportedAt: importedAt,
          materialExpiresAt: expiresAt,
        }),
      );
      expect(bound).toBe(true);
      expect(await store().findKey(k.id)).toMatchObject({ materialId: 'binding-of-first-material', materialExpiresAt: expiresAt, version: 1 });

      const removedAt = new Date('2026-04-01T00:00:00.000Z');
      expect(await store().transaction((tx) => tx.updateKey(k.id, 1, { materialCiphertext: null, materialImportedAt: null, materialExpiresAt: null, materialRemovedReason: 'EXPIRED', materialRemovedAt: removedAt, state: 'PENDING_IMPORT' }))).toBe(true);
      expect(await store().findKey(k.id)).toEqual({
        ...stored(k),
        materialId: 'binding-of-first-material',
        materialCiphertext: null,
        materialImportedAt: null,
        materialExpiresAt: null,
        materialRemovedReason: 'EXPIRED',
        materialRemovedAt: removedAt,
        version: 2,
      });
    });

    describe('listing keys', () => {
      beforeAll(async () => {
        await store().transaction(async (tx) => {
          for (const [label, k] of Object.entries(LISTED)) {
            await tx.insertKey(k);
            expect(await tx.insertAlias(alias(`list/${label}`), k.id, k.createdAt)).toBe(true);
          }
        });
      });

      const labels = async (query: Partial<ListKeysQuery>): Promise<{ labels: Label[]; total: number }> => {
        const page = await store().listKeys({ search: alias('list/'), sort: 'createdAt:desc', page: 1, pageSize: 100, now: NOW, ...query });
        const byId = new Map(Object.entries(LISTED).map(([label, k]) => [k.id, label as Label]));
        return { labels: page.items.map((k) => byId.get(k.id) ?? (k.id as Label)), total: page.total };
      };

      it('lists newest first by default and oldest first on request, with the aliases of each key', async () => {
        const newestFirst: Label[] = ['generated-disabled', 'generated', 'awaiting-import', 'expired-unswept', 'in-60d', 'in-20d', 'in-3d-disabled', 'in-90s'];
        expect(await labels({})).toEqual({ labels: newestFirst, total: 8 });
        expect(await labels({ sort: 'createdAt:asc' })).toEqual({ labels: [...newestFirst].reverse(), total: 8 });
        const page = await store().listKeys({ search: alias('list/'), sort: 'createdAt:desc', page: 2, pageSize: 3, now: NOW });
        expect(page).toMatchObject({ total: 8, page: 2, pageSize: 3 });
        expect(page.items).toEqual([stored(LISTED['expired-unswept'], [alias('list/expired-unswept')]), stored(LISTED['in-60d'], [alias('list/in-60d')]), stored(LISTED['in-20d'], [alias('list/in-20d')])]);
      });

      it('filters by effective state: material past its expiry counts as pending import', async () => {
        expect(await labels({ state: 'ENABLED' })).toEqual({ labels: ['generated', 'in-60d', 'in-20d', 'in-90s'], total: 4 });
        expect(await labels({ state: 'DISABLED' })).toEqual({ labels: ['generated-disabled', 'in-3d-disabled'], total: 2 });
        expect(await labels({ state: 'PENDING_IMPORT' })).toEqual({ labels: ['awaiting-import', 'expired-unswept'], total: 2 });
        expect(await labels({ state: 'PENDING_DELETION' })).toEqual({ labels: [], total: 0 });
        expect(await labels({ origin: 'KMS' })).toEqual({ labels: ['generated-disabled', 'generated'], total: 2 });
      });

      it('filters by expiry window: held material expiring after now and within 24 h, 7 days, 30 days', async () => {
        expect(await labels({ expiresWithin: '24h' })).toEqual({ labels: ['in-90s'], total: 1 });
        expect(await labels({ expiresWithin: '7d' })).toEqual({ labels: ['in-3d-disabled', 'in-90s'], total: 2 });
        expect(await labels({ expiresWithin: '30d' })).toEqual({ labels: ['in-20d', 'in-3d-disabled', 'in-90s'], total: 3 });
        expect(await labels({ expiresWithin: '30d', state: 'ENABLED' })).toEqual({ labels: ['in-20d', 'in-90s'], total: 2 });
      });

      it('sorts by expiry: soonest first (expired-but-unswept leads), then keys without expiry newest first', async () => {
        const byExpiry: Label[] = ['expired-unswept', 'in-90s', 'in-3d-disabled', 'in-20d', 'in-60d', 'generated-disabled', 'generated', 'awaiting-import'];
        expect(await labels({ sort: 'expiresAt:asc' })).toEqual({ labels: byExpiry, total: 8 });
        expect(await labels({ sort: 'expiresAt:asc', expiresWithin: '30d' })).toEqual({ labels: ['in-90s', 'in-3d-disabled', 'in-20d'], total: 3 });
        const pages = [];
        for (const page of [1, 2, 3]) pages.push(...(await labels({ sort: 'expiresAt:asc', page, pageSize: 3 })).labels);
        expect(pages).toEqual(byExpiry);
      });
    });

    it('inserts aliases once (a taken name is false) and lists them in byte order, per key and after a marker', async () => {
      const [first, second] = [key(), key()];
      await insert(first);
      await insert(second);
      const [a, b, c] = [alias('names/A'), alias('names/a'), alias('names/b')];
      await store().transaction(async (tx) => {
        expect(await tx.insertAlias(b, first.id, NOW)).toBe(true);
        expect(await tx.insertAlias(a, first.id, NOW)).toBe(true);
        expect(await tx.insertAlias(c, second.id, NOW)).toBe(true);
        expect(await tx.insertAlias(a, second.id, NOW)).toBe(false);
      });

      expect(await store().listAliases({ keyId: first.id, limit: 10 })).toEqual([
        { name: a, keyId: first.id, createdAt: NOW },
        { name: b, keyId: first.id, createdAt: NOW },
      ]);
      expect(await store().listAliases({ keyId: first.id, after: a, limit: 10 })).toEqual([{ name: b, keyId: first.id, createdAt: NOW }]);
      expect(await store().listAliases({ keyId: first.id, limit: 1 })).toEqual([{ name: a, keyId: first.id, createdAt: NOW }]);
      // The order across keys is no part of the contract (the Prisma store reads by key, then name).
      const ofKeys = await store().listAliasesOfKeys([first.id, second.id]);
      expect([...ofKeys].sort((x, y) => (x.name < y.name ? -1 : 1))).toEqual([
        { name: a, keyId: first.id, createdAt: NOW },
        { name: b, keyId: first.id, createdAt: NOW },
        { name: c, keyId: second.id, createdAt: NOW },
      ]);
      expect((await store().findKey(second.id))?.aliases).toEqual([c]);

      await store().transaction(async (tx) => {
        expect(await tx.deleteAlias(a, second.id)).toBe(false);
        expect(await tx.deleteAlias(a, first.id)).toBe(true);
      });
      expect(await store().findKeyIdByAlias(a)).toBeNull();
      expect((await store().findKey(first.id))?.aliases).toEqual([b]);
    });

    it('writes audit records in a transaction and on their own, and lists a key\'s records newest first', async () => {
      const k = key();
      await insert(k);
      const event = (minute: number, overrides: Partial<AuditEventInput> = {}): AuditEventInput => ({
        at: new Date(NOW.getTime() + minute * 60 * SECOND),
        actor: ACTOR,
        action: 'DisableKey',
        keyId: k.id,
        result: 'SUCCESS',
        errorCode: null,
        ...overrides,
      });
      await store().transaction((tx) => tx.insertAudit(event(1, { action: 'CreateKey', details: { origin: 'KMS' } })));
      await store().insertAudit(event(3, { result: 'FAILURE', errorCode: 'KMSInvalidStateException' }));
      await store().transaction((tx) => tx.insertAudit(event(2)));
      // A rolled-back transaction takes its audit record with it.
      await expect(
        store().transaction(async (tx) => {
          await tx.insertAudit(event(4, { action: 'EnableKey' }));
          throw new Error('rolled back');
        }),
      ).rejects.toThrow('rolled back');

      const page = await store().listAudit({ keyId: k.id, page: 1, pageSize: 10 });
      expect(page.total).toBe(3);
      expect(page.items.map((e) => [e.at.toISOString(), e.action, e.result, e.errorCode])).toEqual([
        ['2026-06-15T12:03:00.000Z', 'DisableKey', 'FAILURE', 'KMSInvalidStateException'],
        ['2026-06-15T12:02:00.000Z', 'DisableKey', 'SUCCESS', null],
        ['2026-06-15T12:01:00.000Z', 'CreateKey', 'SUCCESS', null],
      ]);
      expect(page.items[2]).toMatchObject({
        keyId: k.id,
        actorType: 'user',
        actorId: 'user-contract',
        actorName: 'contract@example.com',
        details: { origin: 'KMS' },
        sourceAddress: null,
        userAgent: null,
        accessKeyId: null,
        via: null,
      });
      expect(page.items[0]?.details).toBeNull();
      expect((await store().listAudit({ keyId: k.id, result: 'FAILURE', page: 1, pageSize: 10 })).total).toBe(1);
      expect((await store().listAudit({ keyId: k.id, page: 2, pageSize: 2 })).items.map((e) => e.action)).toEqual(['CreateKey']);
    });

    materialVersionStoreContract(store);
  });
}
