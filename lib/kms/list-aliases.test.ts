import { describe, expect, it } from 'vitest';
import { createAlias } from './create-alias';
import { createKey } from './create-key';
import { listAliases } from './list-aliases';
import { codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const MISSING = '00000000-0000-4000-8000-000000000000';

async function fixture() {
  const t = createTestContext();
  const a = await createKey(t.ctx, { actor: admin, alias: 'b-app', origin: 'KMS' });
  t.clock.advance({ minutes: 1 });
  const b = await createKey(t.ctx, { actor: admin, alias: 'B-upper', origin: 'EXTERNAL' });
  for (const alias of ['a/one', 'a-two', 'A_three']) await createAlias(t.ctx, { actor: admin, keyId: a.id, alias });
  return { ...t, a: a.id, b: b.id };
}

describe('listAliases', () => {
  it('lists every alias with its key and creation time, by name in byte order (uppercase first), for every role', async () => {
    const t = await fixture();
    for (const role of ['ADMINISTRATOR', 'KEY_MANAGER', 'KEY_USER', 'AUDITOR'] as const) {
      const { aliases, nextMarker } = await listAliases(t.ctx, { actor: principal(role) });
      expect(aliases.map((x) => x.name)).toEqual(['A_three', 'B-upper', 'a-two', 'a/one', 'b-app']);
      expect(nextMarker).toBeNull();
    }
    const { aliases } = await listAliases(t.ctx, { actor: admin });
    expect(aliases.find((x) => x.name === 'B-upper')).toEqual({ name: 'B-upper', keyId: t.b, createdAt: t.clock.now() });
  });

  it('pages with limit and an opaque marker until nextMarker is null', async () => {
    const t = await fixture();
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await listAliases(t.ctx, { actor: admin, limit: 2, marker });
      names.push(...page.aliases.map((x) => x.name));
      expect(page.aliases.length).toBeLessThanOrEqual(2);
      marker = page.nextMarker ?? undefined;
      pages += 1;
    } while (marker);
    expect(pages).toBe(3);
    expect(names).toEqual(['A_three', 'B-upper', 'a-two', 'a/one', 'b-app']);
    // An exact last page says so at once, rather than sending the caller for an empty one.
    expect((await listAliases(t.ctx, { actor: admin, limit: 5 })).nextMarker).toBeNull();
    expect((await listAliases(t.ctx, { actor: admin, limit: 4 })).nextMarker).not.toBeNull();
  });

  it('filters by key, given by ID or by one of its aliases', async () => {
    const t = await fixture();
    const byId = await listAliases(t.ctx, { actor: admin, keyRef: t.a });
    expect(byId.aliases.map((x) => x.name)).toEqual(['A_three', 'a-two', 'a/one', 'b-app']);
    expect(byId.aliases.every((x) => x.keyId === t.a)).toBe(true);
    const byAlias = await listAliases(t.ctx, { actor: admin, keyRef: 'alias/B-upper' });
    expect(byAlias.aliases.map((x) => x.name)).toEqual(['B-upper']);
    const paged = await listAliases(t.ctx, { actor: admin, keyRef: t.a, limit: 3 });
    const rest = await listAliases(t.ctx, { actor: admin, keyRef: t.a, marker: paged.nextMarker as string });
    expect(rest).toMatchObject({ aliases: [{ name: 'b-app' }], nextMarker: null });
  });

  it('gives a key without aliases an empty list, and an unknown key or alias NOT_FOUND', async () => {
    const t = await fixture();
    const bare = await createKey(t.ctx, { actor: admin, origin: 'KMS' });
    expect(await listAliases(t.ctx, { actor: admin, keyRef: bare.id })).toEqual({ aliases: [], nextMarker: null });
    expect(await codeOf(listAliases(t.ctx, { actor: admin, keyRef: MISSING }))).toBe('NOT_FOUND');
    expect(await codeOf(listAliases(t.ctx, { actor: admin, keyRef: 'alias/none' }))).toBe('NOT_FOUND');
  });

  it('refuses bad limits and markers with VALIDATION and audits refusals only', async () => {
    const t = await fixture();
    const before = t.store.audit.length;
    for (const limit of [0, 101, 2.5]) expect(await codeOf(listAliases(t.ctx, { actor: admin, limit }))).toBe('VALIDATION');
    for (const marker of ['', '%%%', Buffer.from('no spaces').toString('base64url')]) {
      expect(await codeOf(listAliases(t.ctx, { actor: admin, marker }))).toBe('VALIDATION');
    }
    expect(t.store.audit.length).toBe(before);
    const intruder = { ...admin, role: '__proto__' as 'AUDITOR' };
    expect(await codeOf(listAliases(t.ctx, { actor: intruder, keyRef: 'alias/b-app' }))).toBe('FORBIDDEN');
    expect(t.store.audit.slice(before)).toEqual([
      expect.objectContaining({ action: 'ListAliases', result: 'FAILURE', errorCode: 'FORBIDDEN', details: { alias: 'b-app' } }),
    ]);
  });
});
