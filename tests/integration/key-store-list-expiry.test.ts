import { beforeAll, expect, it } from 'vitest';
import { listKeyPage } from '@/lib/db/list-keys';
import {
  compareKeysForList,
  effectiveState,
  EXPIRY_WINDOW_IDS,
  expiresWithin,
  type ExpiryWindow,
  type KeySort,
  type ListKeysQuery,
  type NewKey,
} from '@/lib/kms';
import { KEY_STATES, type KeyRecord } from '@/lib/kms/types';
import { forEachDatabase } from './support/databases';
import { newKey } from './support/keys';

// The keys list's "expires within" filter and its sort by expiry, in SQL on both databases, against the
// domain's own rules (lib/kms/key-list-order.ts). A database of its own per provider: totals count every key.
const NOW = new Date('2026-06-15T12:00:00.000Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);
const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DAY = 24 * HOUR;
const created = (day: number) => new Date(Date.UTC(2026, 0, day));
const external = (overrides: Partial<NewKey>) => newKey({ origin: 'EXTERNAL', ...overrides });

const seeds: { key: NewKey; aliases: string[] }[] = [
  { key: external({ createdAt: created(1), materialExpiresAt: later(90 * SECOND) }), aliases: ['exp/90s'] },
  { key: external({ createdAt: created(2), materialExpiresAt: later(DAY - 1) }), aliases: ['exp/just-under-a-day'] },
  // The bound itself belongs to the next window, as with the urgency levels.
  { key: external({ createdAt: created(3), materialExpiresAt: later(DAY) }), aliases: ['exp/one-day'] },
  { key: external({ state: 'DISABLED', createdAt: created(4), materialExpiresAt: later(3 * DAY) }), aliases: ['exp/3d-disabled'] },
  { key: external({ createdAt: created(5), materialExpiresAt: later(20 * DAY) }), aliases: ['exp/20d'] },
  { key: external({ createdAt: created(6), materialExpiresAt: later(60 * DAY) }), aliases: ['exp/60d'] },
  // Same instant as the 20-day key: ties by key ID.
  { key: external({ createdAt: created(7), materialExpiresAt: later(20 * DAY) }), aliases: ['exp/20d-tie'] },
  { key: external({ state: 'PENDING_DELETION', deletionDate: later(9 * DAY), createdAt: created(8), materialExpiresAt: later(2 * DAY) }), aliases: ['exp/pending-deletion'] },
  // Past its instant, not yet swept: in no window, first when sorted by expiry.
  { key: external({ createdAt: created(9), materialExpiresAt: later(-HOUR) }), aliases: ['exp/expired'] },
  { key: external({ createdAt: created(10), materialExpiresAt: NOW }), aliases: ['exp/expiring-now'] },
  // An expiry without material (the domain clears both together): in no window.
  { key: external({ state: 'DISABLED', createdAt: created(11), materialCiphertext: null, materialExpiresAt: later(HOUR) }), aliases: ['odd/no-material'] },
  { key: external({ createdAt: created(12) }), aliases: ['imp/never'] },
  { key: external({ state: 'PENDING_IMPORT', materialCiphertext: null, createdAt: created(13) }), aliases: ['imp/awaiting'] },
  { key: newKey({ createdAt: created(14) }), aliases: ['gen/one'] },
  { key: newKey({ createdAt: created(14) }), aliases: ['gen/same-day'] },
  { key: newKey({ state: 'DISABLED', createdAt: created(15) }), aliases: ['gen/disabled'] },
];

const records = (): KeyRecord[] =>
  seeds.map(({ key, aliases }) => ({ ...key, materialRemovedReason: null, materialRemovedAt: null, rotationPeriodDays: null, nextRotationAt: null, removedMaterialSequence: 0, version: 0, aliases: [...aliases].sort() }));

function expected(options: { sort: KeySort; filter?: (key: KeyRecord) => boolean }): string[] {
  return records()
    .filter(options.filter ?? (() => true))
    .sort(compareKeysForList(options.sort))
    .map((key) => key.id);
}

const idOf = (alias: string) => seeds.find((seed) => seed.aliases.includes(alias))!.key.id;

forEachDatabase('key store listing by expiry', (db) => {
  beforeAll(async () => {
    await db().store.transaction(async (tx) => {
      for (const { key, aliases } of seeds) {
        await tx.insertKey(key);
        for (const alias of aliases) await tx.insertAlias(alias, key.id, key.createdAt);
      }
    });
  });

  const run = async (query: Partial<ListKeysQuery>, fewMatches?: number) => {
    const full: ListKeysQuery = { sort: 'createdAt:desc', page: 1, pageSize: 100, now: NOW, ...query };
    const { items, total } = await listKeyPage({ prisma: db().database.prisma, provider: db().provider, query: full, fewMatches });
    return { ids: items.map((key) => key.id), total };
  };

  it('filters to material expiring within 24 h, 7 days and 30 days of now', async () => {
    const aliasesIn = async (expiresWithin: ExpiryWindow) =>
      (await run({ expiresWithin, sort: 'expiresAt:asc' })).ids.map((id) => seeds.find((s) => s.key.id === id)!.aliases[0]);
    expect(await aliasesIn('24h')).toEqual(['exp/90s', 'exp/just-under-a-day']);
    expect(await aliasesIn('7d')).toEqual(['exp/90s', 'exp/just-under-a-day', 'exp/one-day', 'exp/pending-deletion', 'exp/3d-disabled']);
    const thirty = await aliasesIn('30d');
    expect(thirty.slice(0, 5)).toEqual(['exp/90s', 'exp/just-under-a-day', 'exp/one-day', 'exp/pending-deletion', 'exp/3d-disabled']);
    expect(new Set(thirty.slice(5))).toEqual(new Set(['exp/20d', 'exp/20d-tie']));
    expect((await run({ expiresWithin: '30d' })).total).toBe(7);
  });

  it('sorts by expiry, soonest first, expired-but-unswept first, then keys without expiry newest first', async () => {
    const { ids, total } = await run({ sort: 'expiresAt:asc' });
    expect(total).toBe(seeds.length);
    expect(ids).toEqual(expected({ sort: 'expiresAt:asc' }));
    expect(ids.slice(0, 3)).toEqual([idOf('exp/expired'), idOf('exp/expiring-now'), idOf('exp/90s')]);
    expect(ids.indexOf(idOf('exp/60d'))).toBeLessThan(ids.indexOf(idOf('gen/disabled')));
    // Without expiry, newest first: the oldest such key is last.
    expect(ids.at(-1)).toBe(idOf('imp/never'));
  });

  it('pages through the expiry order: pages are disjoint and together give the whole order, across both parts', async () => {
    for (const pageSize of [1, 2, 3, 5]) {
      const all: string[] = [];
      for (let page = 1; page <= Math.ceil(seeds.length / pageSize) + 1; page++) {
        const result = await run({ sort: 'expiresAt:asc', page, pageSize });
        expect(result.total, `${pageSize}/${page}`).toBe(seeds.length);
        all.push(...result.ids);
      }
      expect(all, `${pageSize}`).toEqual(expected({ sort: 'expiresAt:asc' }));
    }
  });

  it('combines the window and the expiry sort with search, state and origin on every plan, counted alike', async () => {
    for (const search of [undefined, 'exp/', '20d', 'gen/', idOf('exp/3d-disabled').slice(0, 13)]) {
      for (const state of [undefined, ...KEY_STATES]) {
        for (const origin of [undefined, 'KMS', 'EXTERNAL'] as const) {
          for (const expiresWithin of [undefined, ...EXPIRY_WINDOW_IDS]) {
            for (const sort of ['expiresAt:asc', 'createdAt:desc'] as const) {
              const want = expected({
                sort,
                filter: (k) =>
                  (!search || k.id.startsWith(search) || k.aliases.some((a) => a.includes(search))) &&
                  (!state || effectiveState(k, NOW) === state) &&
                  (!origin || k.origin === origin) &&
                  (!expiresWithin || expiresWithin_(k, expiresWithin)),
              });
              for (const fewMatches of [-1, 10_000]) {
                const label = JSON.stringify({ search, state, origin, expiresWithin, sort, fewMatches });
                const query = { search, state, origin, expiresWithin, sort };
                expect(await run(query, fewMatches), label).toEqual({ ids: want, total: want.length });
                expect(await run({ ...query, page: 2, pageSize: 2 }, fewMatches), label).toEqual({ ids: want.slice(2, 4), total: want.length });
              }
            }
          }
        }
      }
    }
  });

  it('moves a key out of a window at its expiry instant', async () => {
    const key = seeds[0]!.key;
    const instant = key.materialExpiresAt!;
    expect((await run({ expiresWithin: '24h', now: new Date(instant.getTime() - 1) })).ids).toContain(key.id);
    expect((await run({ expiresWithin: '24h', now: instant })).ids).not.toContain(key.id);
  });
});

const expiresWithin_ = (key: KeyRecord, window: ExpiryWindow) => expiresWithin(key, window, NOW);
