import { describe, expect, it } from 'vitest';
import { ensureBootstrapAccessKey } from './ensure-bootstrap-access-key';
import { resolveAccessKey } from './resolve-access-key';
import { revokeAccessKey } from './revoke-access-key';
import { codeOf, createTestContext, principal } from './testing/test-context';

const ID = 'AKIABOOTSTRAP0000001';
const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const settings = { accessKeyId: ID, secretAccessKey: SECRET, ownerName: 'ops@example.test' };

describe('ensureBootstrapAccessKey', () => {
  it('creates an administrator access key owned by the name given, audited as Keyfort without the secret', async () => {
    const { ctx, store, accessKeys } = createTestContext();
    expect(await ensureBootstrapAccessKey(ctx, settings)).toBe('created');
    expect(await resolveAccessKey(ctx, { accessKeyId: ID })).toEqual({
      principal: { type: 'access-key', id: ID, name: 'ops@example.test', role: 'ADMINISTRATOR' },
      secret: Buffer.from(SECRET),
    });
    expect(accessKeys.rows.get(ID)?.ownerUserId).toBeNull();
    expect(store.audit).toEqual([
      expect.objectContaining({
        action: 'CreateAccessKey',
        actorType: 'system',
        result: 'SUCCESS',
        details: { accessKeyId: ID, role: 'ADMINISTRATOR', bootstrap: true },
      }),
    ]);
    expect(JSON.stringify(store.audit)).not.toContain(SECRET);
  });

  it('is idempotent: a restart with the same settings finds the key and writes nothing', async () => {
    const { ctx, store, accessKeys } = createTestContext();
    await ensureBootstrapAccessKey(ctx, settings);
    const row = structuredClone(accessKeys.rows.get(ID));
    expect(await ensureBootstrapAccessKey(ctx, settings)).toBe('exists');
    expect(await ensureBootstrapAccessKey(ctx, { ...settings, ownerName: 'someone-else' })).toBe('exists');
    expect(accessKeys.rows.get(ID)).toEqual(row);
    expect(store.audit).toHaveLength(1);
  });

  it('keeps the stored secret when the environment names another, and says so', async () => {
    const { ctx } = createTestContext();
    await ensureBootstrapAccessKey(ctx, settings);
    for (const other of [`${SECRET.slice(0, -1)}Z`, `${SECRET}X`, SECRET.slice(0, 16)]) {
      expect(await ensureBootstrapAccessKey(ctx, { ...settings, secretAccessKey: other })).toBe('exists-different-secret');
    }
    expect((await resolveAccessKey(ctx, { accessKeyId: ID }))?.secret.toString()).toBe(SECRET);
  });

  it('does not bring a revoked key back', async () => {
    const { ctx } = createTestContext();
    await ensureBootstrapAccessKey(ctx, settings);
    await revokeAccessKey(ctx, { actor: principal('ADMINISTRATOR'), accessKeyId: ID });
    expect(await ensureBootstrapAccessKey(ctx, settings)).toBe('exists-revoked');
    expect(await resolveAccessKey(ctx, { accessKeyId: ID })).toBeNull();
  });

  it('creates the key once when several instances start at the same time', async () => {
    const { ctx, store } = createTestContext();
    const results = await Promise.all([0, 1, 2].map(() => ensureBootstrapAccessKey(ctx, settings)));
    expect(results.sort()).toEqual(['created', 'exists', 'exists']);
    expect(store.audit).toHaveLength(1);
  });

  it.each([
    ['a lowercase ID', { accessKeyId: 'akia0000000000000001' }],
    ['a short ID', { accessKeyId: 'AKIA0001' }],
    ['a short secret', { secretAccessKey: 'x'.repeat(15) }],
    ['a secret with a space', { secretAccessKey: `${SECRET.slice(0, 20)} ${SECRET.slice(21)}` }],
    ['an empty owner', { ownerName: '' }],
  ])('refuses %s with VALIDATION, never echoing the secret', async (_, change) => {
    const { ctx, accessKeys } = createTestContext();
    const error = await ensureBootstrapAccessKey(ctx, { ...settings, ...change }).catch((e: unknown) => e);
    expect(await codeOf(Promise.reject(error))).toBe('VALIDATION');
    expect(String((error as Error).message)).not.toContain(SECRET.slice(0, 16));
    expect(accessKeys.rows.size).toBe(0);
  });
});
