import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { listKeyPage } from '@/lib/db/list-keys';
import { effectiveState } from '@/lib/kms';
import type { KeySort, ListKeysQuery, NewKey } from '@/lib/kms';
import { KEY_STATES, type KeyRecord } from '@/lib/kms/types';
import { forEachDatabase } from './support/databases';
import { newKey } from './support/keys';

// A database of its own per provider: totals count every key, so only these seeds may exist in it.
const NOW = new Date('2026-06-15T12:00:00.000Z');
const at = (iso: string) => new Date(iso);
const SAME_INSTANT = at('2026-01-05T00:00:00.000Z');
// Its alias holds the start of its own ID: one key, though the search finds it both ways.
const selfReferencing = newKey({ origin: 'EXTERNAL', createdAt: at('2026-01-07T00:00:00.000Z') });

const seeds: { key: NewKey; aliases: string[] }[] = [
  { key: newKey({ createdAt: at('2026-01-01T00:00:00.000Z') }), aliases: ['app/payments_prod'] },
  {
    // Expired material: stored ENABLED, reads as PENDING_IMPORT.
    key: newKey({ origin: 'EXTERNAL', createdAt: at('2026-01-02T00:00:00.000Z'), materialExpiresAt: at('2026-06-15T11:59:59.999Z') }),
    aliases: ['app/paymentsXprod'],
  },
  {
    key: newKey({ state: 'DISABLED', createdAt: at('2026-01-03T00:00:00.000Z'), materialExpiresAt: at('2026-06-15T12:00:00.001Z') }),
    aliases: ['Billing-Key', 'billing/secondary'],
  },
  {
    key: newKey({ state: 'PENDING_IMPORT', origin: 'EXTERNAL', materialCiphertext: null, createdAt: at('2026-01-04T00:00:00.000Z') }),
    aliases: ['import/one'],
  },
  { key: newKey({ state: 'PENDING_DELETION', deletionDate: at('2026-07-01T00:00:00.000Z'), createdAt: SAME_INSTANT }), aliases: [] },
  // Expiry exactly now counts as expired (hasUsableMaterial needs expiry > now).
  { key: newKey({ state: 'DISABLED', origin: 'EXTERNAL', materialExpiresAt: NOW, createdAt: SAME_INSTANT }), aliases: ['ext/disabled'] },
  { key: newKey({ state: 'ENABLED', materialCiphertext: null, createdAt: SAME_INSTANT }), aliases: ['odd/no-material'] },
  { key: newKey({ createdAt: at('2026-01-06T00:00:00.000Z') }), aliases: ['percent-free'] },
  // No material and an expiry already passed (the domain clears both together): Pending import, once.
  {
    key: newKey({ state: 'DISABLED', materialCiphertext: null, materialExpiresAt: at('2026-03-01T00:00:00.000Z'), createdAt: SAME_INSTANT }),
    aliases: ['odd/EXPIRED-NO-MATERIAL'],
  },
  { key: selfReferencing, aliases: [`ref/${selfReferencing.id.slice(0, 13)}`] },
];

const records = (): KeyRecord[] => seeds.map(({ key, aliases }) => ({ ...key, materialRemovedReason: null, materialRemovedAt: null, rotationPeriodDays: null, nextRotationAt: null, removedMaterialSequence: 0, version: 0, aliases: [...aliases].sort() }));

/** What the list must return, computed from lib/kms's own definition of the displayed order and state. */
function expected(options: { sort: KeySort; filter?: (key: KeyRecord) => boolean }): string[] {
  const sign = options.sort === 'createdAt:asc' ? 1 : -1;
  return records()
    .filter(options.filter ?? (() => true))
    .sort((a, b) => sign * (a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    .map((key) => key.id);
}

forEachDatabase('key store listing', (db) => {
  beforeAll(async () => {
    await db().store.transaction(async (tx) => {
      for (const { key, aliases } of seeds) {
        await tx.insertKey(key);
        for (const alias of aliases) await tx.insertAlias(alias, key.id, key.createdAt);
      }
    });
  });

  const list = (query: Partial<ListKeysQuery>) =>
    db().store.listKeys({ sort: 'createdAt:desc', page: 1, pageSize: 100, now: NOW, ...query });
  const ids = async (query: Parameters<typeof list>[0]) => (await list(query)).items.map((key) => key.id);

  it('returns full records with aliases, newest first, ties broken by key ID', async () => {
    const page = await list({});
    expect(page.total).toBe(seeds.length);
    expect(page.items).toEqual(expected({ sort: 'createdAt:desc' }).map((id) => records().find((r) => r.id === id)));
    expect(await ids({ sort: 'createdAt:asc' })).toEqual(expected({ sort: 'createdAt:asc' }));
  });

  it('filters by effective state, so expired material counts as PENDING_IMPORT', async () => {
    for (const state of KEY_STATES) {
      const page = await list({ state });
      const want = expected({ sort: 'createdAt:desc', filter: (key) => effectiveState(key, NOW) === state });
      expect(page.items.map((key) => key.id), state).toEqual(want);
      expect(page.total, state).toBe(want.length);
    }
  });

  it('moves a key between state filters as `now` passes its material expiry', async () => {
    const expiring = seeds[1]!.key;
    const before = new Date(expiring.materialExpiresAt!.getTime() - 1);
    expect(await ids({ state: 'ENABLED', now: before })).toContain(expiring.id);
    expect(await ids({ state: 'PENDING_IMPORT', now: before })).not.toContain(expiring.id);
    expect(await ids({ state: 'ENABLED' })).not.toContain(expiring.id);
    expect(await ids({ state: 'PENDING_IMPORT' })).toContain(expiring.id);
  });

  it('filters by origin, alone and with a state', async () => {
    expect(await ids({ origin: 'EXTERNAL' })).toEqual(expected({ sort: 'createdAt:desc', filter: (k) => k.origin === 'EXTERNAL' }));
    expect(await ids({ origin: 'EXTERNAL', state: 'PENDING_IMPORT' })).toEqual(
      expected({ sort: 'createdAt:desc', filter: (k) => k.origin === 'EXTERNAL' && effectiveState(k, NOW) === 'PENDING_IMPORT' }),
    );
  });

  it('searches alias substrings case-insensitively and key ID prefixes', async () => {
    expect(await ids({ search: 'BILLING' })).toEqual([seeds[2]!.key.id]);
    expect(await ids({ search: 'secondary' })).toEqual([seeds[2]!.key.id]);
    const target = seeds[3]!.key.id;
    expect(await ids({ search: target.slice(0, 13).toUpperCase() })).toEqual([target]);
    // A prefix, not a substring, of the ID.
    expect(await ids({ search: target.slice(1, 13) })).not.toContain(target);
  });

  it('treats LIKE wildcards in the search as plain characters', async () => {
    expect(await ids({ search: 'payments_prod' })).toEqual([seeds[0]!.key.id]);
    expect(await ids({ search: '%' })).toEqual([]);
    expect(await ids({ search: 'percent%free' })).toEqual([]);
    expect(await ids({ search: '\\' })).toEqual([]);
    expect(await ids({ search: randomUUID() })).toEqual([]);
  });

  it('pages with offset and a total: pages are disjoint and together give the whole ordered list', async () => {
    const pageSize = 3;
    const first = await list({ page: 1, pageSize });
    expect(first.total).toBe(seeds.length);
    const all: string[] = [];
    for (let page = 1; page <= Math.ceil(first.total / pageSize); page++) {
      const result = await list({ page, pageSize });
      expect(result).toMatchObject({ page, pageSize, total: seeds.length });
      all.push(...result.items.map((key) => key.id));
    }
    expect(all).toEqual(expected({ sort: 'createdAt:desc' }));
    expect((await list({ page: 99, pageSize })).items).toEqual([]);
  });

  /** The page's key IDs and total with the plan forced: -1 always walks Key's indexes, 10,000 starts from the matches. */
  const idsAndTotal = async (query: ListKeysQuery, fewMatches: number) => {
    const { items, total } = await listKeyPage({ prisma: db().database.prisma, provider: db().provider, query, fewMatches });
    return { ids: items.map((key) => key.id), total };
  };

  /** The keys the search should find, by SPEC §1's rule: alias substring or key ID prefix, ignoring case. */
  const searchFinds = (search: string) => (key: KeyRecord) => {
    const term = search.toLowerCase();
    return key.id.startsWith(term) || key.aliases.some((alias) => alias.toLowerCase().includes(term));
  };

  it('counts and pages every mix of search, state and origin alike, whether it starts from the matches or walks the keys', async () => {
    // The store picks a plan by how many keys the search matches; force both and compare with lib/kms's rules.
    const prefix = seeds[3]!.key.id.slice(0, 9).toUpperCase(); // ends with "-"
    const searches = [undefined, 'app', 'BILLING', 'payments_', '%', '_', '-', 'odd/', prefix, seeds[6]!.key.id.toUpperCase()];
    searches.push(selfReferencing.id.slice(0, 13)); // found by alias and by ID: one key
    for (const search of searches) {
      for (const state of [undefined, ...KEY_STATES]) {
        for (const origin of [undefined, 'KMS', 'EXTERNAL'] as const) {
          const want = expected({
            sort: 'createdAt:desc',
            filter: (k) =>
              (!search || searchFinds(search)(k)) && (!state || effectiveState(k, NOW) === state) && (!origin || k.origin === origin),
          });
          for (const fewMatches of [-1, 10_000]) {
            const label = JSON.stringify({ search, state, origin, fewMatches });
            const query: ListKeysQuery = { sort: 'createdAt:desc', page: 1, pageSize: 100, now: NOW, search, state, origin };
            expect(await idsAndTotal({ ...query }, fewMatches), label).toEqual({ ids: want, total: want.length });
            const second = await idsAndTotal({ ...query, page: 2, pageSize: 2 }, fewMatches);
            expect(second, label).toEqual({ ids: want.slice(2, 4), total: want.length });
          }
        }
      }
    }
  });

  it('matches aliases in any letter case, and key ID prefixes typed in upper case', async () => {
    expect(await ids({ search: 'expired-no' })).toEqual([seeds[8]!.key.id]);
    expect(await ids({ search: 'bILLING-kEY' })).toEqual([seeds[2]!.key.id]);
    const id = seeds[7]!.key.id;
    for (const length of [1, 8, 9, 20, 36]) expect(await ids({ search: id.slice(0, length).toUpperCase() }), `${length}`).toContain(id);
  });

  it('finds a key once when both an alias and its ID match', async () => {
    // 13 characters (48 bits): another seed's ID sharing a shorter prefix would match too.
    const page = await list({ search: selfReferencing.id.slice(0, 13) });
    expect(page.items.map((key) => key.id)).toEqual([selfReferencing.id]);
    expect(page.total).toBe(1);
  });

  it('keeps "%" and "_" literal on every plan', async () => {
    for (const fewMatches of [-1, 10_000]) {
      const run = (search: string) => idsAndTotal({ sort: 'createdAt:desc', page: 1, pageSize: 100, now: NOW, search }, fewMatches);
      expect(await run('payments_prod'), `${fewMatches}`).toEqual({ ids: [seeds[0]!.key.id], total: 1 });
      expect(await run('payments%prod'), `${fewMatches}`).toEqual({ ids: [], total: 0 });
      expect(await run('_'), `${fewMatches}`).toEqual({ ids: [seeds[0]!.key.id], total: 1 }); // only app/payments_prod has one
    }
  });

  it('counts expired material as Pending import at the instant of expiry, with any other filter', async () => {
    const expiring = seeds[1]!.key; // EXTERNAL, Enabled, material expiring at 11:59:59.999
    const expiry = expiring.materialExpiresAt!;
    const before = new Date(expiry.getTime() - 1);
    for (const fewMatches of [-1, 10_000]) {
      const listAt = (now: Date, state: (typeof KEY_STATES)[number]) =>
        idsAndTotal({ sort: 'createdAt:desc', page: 1, pageSize: 100, now, state, origin: 'EXTERNAL', search: 'app/' }, fewMatches);
      expect(await listAt(before, 'ENABLED')).toEqual({ ids: [expiring.id], total: 1 });
      expect(await listAt(before, 'PENDING_IMPORT')).toEqual({ ids: [], total: 0 });
      expect(await listAt(expiry, 'ENABLED')).toEqual({ ids: [], total: 0 });
      expect(await listAt(expiry, 'PENDING_IMPORT')).toEqual({ ids: [expiring.id], total: 1 });
    }
  });
});
