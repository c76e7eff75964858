import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { describeKey } from './describe-key';
import { disableKey } from './disable-key';
import { listKeys } from './list-keys';
import { codeOf, createTestContext, principal, seedImportedMaterial } from './testing/test-context';

const admin = principal('ADMINISTRATOR');

describe('describeKey', () => {
  it('finds a key by ID, by bare alias and by "alias/" name, for every role', async () => {
    const { ctx } = createTestContext();
    const key = await createKey(ctx, { actor: admin, alias: 'app', origin: 'KMS' });
    for (const role of ['ADMINISTRATOR', 'KEY_MANAGER', 'KEY_USER', 'AUDITOR'] as const) {
      for (const keyRef of [key.id, 'app', 'alias/app']) {
        expect(await describeKey(ctx, { actor: principal(role), keyRef })).toEqual(key);
      }
    }
  });

  it('answers NOT_FOUND for a missing key or alias and VALIDATION for garbage, without auditing reads', async () => {
    const { ctx, store } = createTestContext();
    expect(await codeOf(describeKey(ctx, { actor: admin, keyRef: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(await codeOf(describeKey(ctx, { actor: admin, keyRef: 'alias/nothing' }))).toBe('NOT_FOUND');
    expect(await codeOf(describeKey(ctx, { actor: admin, keyRef: '<script>' }))).toBe('VALIDATION');
    expect(store.audit).toEqual([]);
  });

  it('audits a refused read (a role it does not know grants nothing)', async () => {
    const { ctx, store } = createTestContext();
    const intruder = { ...admin, role: '__proto__' as 'AUDITOR' };
    expect(await codeOf(describeKey(ctx, { actor: intruder, keyRef: 'app' }))).toBe('FORBIDDEN');
    expect(store.audit).toEqual([expect.objectContaining({ action: 'DescribeKey', result: 'FAILURE', errorCode: 'FORBIDDEN' })]);
  });

  it('reports expired imported material as Pending import before any sweeper runs', async () => {
    const { ctx, clock } = createTestContext();
    const { id: keyId } = await createKey(ctx, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    const expiresAt = new Date(clock.now().getTime() + 60_000);
    const { materialId } = await seedImportedMaterial({ ctx, keyId, expiresAt });
    expect(await describeKey(ctx, { actor: admin, keyRef: keyId })).toMatchObject({
      state: 'ENABLED',
      material: { status: 'IMPORTED', materialId, expiresAt },
    });
    clock.set(expiresAt);
    expect(await describeKey(ctx, { actor: admin, keyRef: keyId })).toMatchObject({
      state: 'PENDING_IMPORT',
      material: { status: 'AWAITING_IMPORT', materialId, expiresAt: null },
    });
  });
});

describe('listKeys', () => {
  async function fixture() {
    const t = createTestContext();
    const made = [];
    for (const [alias, origin] of [['web/prod', 'KMS'], ['web/test', 'EXTERNAL'], ['db', 'KMS'], ['mail', 'EXTERNAL']] as const) {
      made.push(await createKey(t.ctx, { actor: admin, alias, origin }));
      t.clock.advance({ minutes: 1 });
    }
    await disableKey(t.ctx, { actor: admin, keyId: made[2]?.id as string });
    return { ...t, made };
  }

  it('pages newest first by default, or oldest first', async () => {
    const { ctx, made } = await fixture();
    const page1 = await listKeys(ctx, { actor: admin, pageSize: 3 });
    expect(page1).toMatchObject({ total: 4, page: 1, pageSize: 3 });
    expect(page1.items.map((k) => k.aliases[0])).toEqual(['mail', 'db', 'web/test']);
    const page2 = await listKeys(ctx, { actor: admin, pageSize: 3, page: 2 });
    expect(page2.items.map((k) => k.id)).toEqual([made[0]?.id]);
    const asc = await listKeys(ctx, { actor: admin, sort: 'createdAt:asc' });
    expect(asc.items.map((k) => k.aliases[0])).toEqual(['web/prod', 'web/test', 'db', 'mail']);
  });

  it('filters by state, origin and search (alias text or key ID prefix)', async () => {
    const { ctx, made } = await fixture();
    const aliases = async (query: Omit<Parameters<typeof listKeys>[1], 'actor'>) =>
      (await listKeys(ctx, { actor: admin, sort: 'createdAt:asc', ...query })).items.map((k) => k.aliases[0]);
    expect(await aliases({ state: 'DISABLED' })).toEqual(['db']);
    expect(await aliases({ state: 'PENDING_IMPORT' })).toEqual(['web/test', 'mail']);
    expect(await aliases({ origin: 'KMS' })).toEqual(['web/prod', 'db']);
    expect(await aliases({ search: 'web' })).toEqual(['web/prod', 'web/test']);
    expect(await aliases({ search: made[3]?.id.slice(0, 13) })).toEqual(['mail']);
    expect(await aliases({ search: 'web', origin: 'EXTERNAL' })).toEqual(['web/test']);
  });

  it('returns views only: no sealed material in any item', async () => {
    const { ctx } = await fixture();
    const { items } = await listKeys(ctx, { actor: admin });
    for (const item of items) expect(item).not.toHaveProperty('materialCiphertext');
  });

  it('refuses malformed paging and filters with VALIDATION', async () => {
    const { ctx } = await fixture();
    for (const bad of [{ pageSize: 0 }, { pageSize: 101 }, { page: 0 }, { state: 'GONE' as 'ENABLED' }, { search: 'x\u202E' }]) {
      expect(await codeOf(listKeys(ctx, { actor: admin, ...bad }))).toBe('VALIDATION');
    }
  });
});
