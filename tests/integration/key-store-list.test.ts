import { randomUUID } from 'node:crypto';
import { beforeAll, expect, it } from 'vitest';
import { effectiveState } from '@/lib/kms/key-view';
import type { KeySort, ListKeysQuery, NewKey } from '@/lib/kms/store';
import { KEY_STATES, type KeyRecord } from '@/lib/kms/types';
import { forEachDatabase } from './support/databases';
import { newKey } from './support/keys';

// A database of its own per provider: totals count every key, so only these seeds may exist in it.
const NOW = new Date('2026-06-15T12:00:00.000Z');
const at = (iso: string) => new Date(iso);
const SAME_INSTANT = at('2026-01-05T00:00:00.000Z');

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
];

const records = (): KeyRecord[] => seeds.map(({ key, aliases }) => ({ ...key, version: 0, aliases: [...aliases].sort() }));

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
});
