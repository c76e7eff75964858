import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { describeKey } from './describe-key';
import { barrier, codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');

describe('createKey', () => {
  it('creates a generated key: Enabled, material sealed under its own id, material id bound, alias attached', async () => {
    const { ctx, store, keyring, clock } = createTestContext();
    const view = await createKey(ctx, { actor: admin, alias: 'app/prod', description: 'Payments', origin: 'KMS' });
    expect(view).toMatchObject({
      state: 'ENABLED',
      origin: 'KMS',
      description: 'Payments',
      aliases: ['app/prod'],
      createdAt: clock.now(),
      deletionDate: null,
      material: { status: 'GENERATED' },
    });
    expect(view.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const stored = await store.findKey(view.id);
    const material = keyring.open({ purpose: 'key-material', keyId: view.id, sealed: stored?.materialCiphertext as Uint8Array });
    expect(material).toHaveLength(32);
    expect(view.material.materialId).toBe(keyring.materialId({ keyId: view.id, material }));
    expect(await describeKey(ctx, { actor: admin, keyRef: 'alias/app/prod' })).toEqual(view);
  });

  it('gives every generated key its own random material', async () => {
    const { ctx } = createTestContext();
    const a = await createKey(ctx, { actor: admin, alias: 'a', origin: 'KMS' });
    const b = await createKey(ctx, { actor: admin, alias: 'b', origin: 'KMS' });
    expect(a.material.materialId).not.toBe(b.material.materialId);
  });

  it('creates an external key without material, Pending import', async () => {
    const { ctx, store } = createTestContext();
    const view = await createKey(ctx, { actor: admin, alias: 'byok', origin: 'EXTERNAL' });
    expect(view).toMatchObject({ state: 'PENDING_IMPORT', origin: 'EXTERNAL', description: '' });
    expect(view.material).toEqual({ status: 'AWAITING_IMPORT', materialId: null, importedAt: null, expiresAt: null, removal: null });
    expect((await store.findKey(view.id))?.materialCiphertext).toBeNull();
  });

  it('audits success in the same transaction, with no material or ciphertext in the record', async () => {
    const { ctx, store, keyring } = createTestContext();
    const view = await createKey(ctx, { actor: admin, alias: 'audited', origin: 'KMS' });
    expect(store.audit).toEqual([
      expect.objectContaining({
        action: 'CreateKey',
        keyId: view.id,
        result: 'SUCCESS',
        errorCode: null,
        actorName: admin.name,
        details: { alias: 'audited', origin: 'KMS', toState: 'ENABLED' },
      }),
    ]);
    const sealed = (await store.findKey(view.id))?.materialCiphertext as Uint8Array;
    const material = keyring.open({ purpose: 'key-material', keyId: view.id, sealed });
    const record = JSON.stringify(store.audit);
    for (const secret of [material, Buffer.from(sealed)]) {
      expect(record).not.toContain(secret.toString('hex'));
      expect(record).not.toContain(secret.toString('base64'));
    }
    expect(JSON.stringify(view)).not.toContain(Buffer.from(sealed).toString('base64'));
    expect(Object.keys(view)).not.toContain('materialCiphertext');
  });

  it('leaves no key behind when the alias is taken, and audits ALIAS_EXISTS', async () => {
    const { ctx, store } = createTestContext();
    await createKey(ctx, { actor: admin, alias: 'taken', origin: 'KMS' });
    expect(await codeOf(createKey(ctx, { actor: admin, alias: 'taken', origin: 'EXTERNAL' }))).toBe('ALIAS_EXISTS');
    expect(store.keys.size).toBe(1);
    expect(store.audit.at(-1)).toMatchObject({ action: 'CreateKey', result: 'FAILURE', errorCode: 'ALIAS_EXISTS', keyId: null, details: { alias: 'taken' } });
  });

  it('lets exactly one of two concurrent creations with the same alias succeed', async () => {
    const { ctx, store } = createTestContext();
    // Both started before either writes; the key-creation lock then orders them (the alias decides alone
    // when createAlias races a creation: aliases.test.ts).
    store.hooks.lockKeyCreation = barrier(2);
    const results = await Promise.allSettled([
      createKey(ctx, { actor: admin, alias: 'race', origin: 'KMS' }),
      createKey(ctx, { actor: admin, alias: 'race', origin: 'EXTERNAL' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(store.keys.size).toBe(1);
  });

  it('rolls the key back when its audit record cannot be written', async () => {
    const { ctx, store } = createTestContext();
    store.failNext('insertAudit');
    await expect(createKey(ctx, { actor: admin, alias: 'a', origin: 'KMS' })).rejects.toThrow('injected insertAudit failure');
    expect(store.keys.size).toBe(0);
    expect(store.aliases.size).toBe(0);
  });

  it('rethrows an internal fault untouched and does not audit it', async () => {
    const { ctx, store } = createTestContext();
    const fault = new Error('database went away');
    store.failNext('insertKey', fault);
    await expect(createKey(ctx, { actor: admin, alias: 'a', origin: 'KMS' })).rejects.toBe(fault);
    expect(store.audit).toEqual([]);
  });

  it('refuses invalid input with VALIDATION and keeps the hostile text out of the audit record', async () => {
    const { ctx, store } = createTestContext();
    const hostile = '<script>alert(1)</script>';
    expect(await codeOf(createKey(ctx, { actor: admin, alias: hostile, origin: 'KMS' }))).toBe('VALIDATION');
    expect(await codeOf(createKey(ctx, { actor: admin, alias: 'ok', description: 'a\u202Eb', origin: 'KMS' }))).toBe('VALIDATION');
    expect(await codeOf(createKey(ctx, { actor: admin, alias: 'ok', origin: 'AWS_KMS' as 'KMS' }))).toBe('VALIDATION');
    expect(store.keys.size).toBe(0);
    expect(store.audit.map((e) => e.errorCode)).toEqual(['VALIDATION', 'VALIDATION', 'VALIDATION']);
    expect(JSON.stringify(store.audit)).not.toContain('script');
  });

  it.each(['KEY_USER', 'AUDITOR'] as const)('refuses a %s with FORBIDDEN and audits the refusal', async (role) => {
    const { ctx, store } = createTestContext();
    expect(await codeOf(createKey(ctx, { actor: principal(role), alias: 'a', origin: 'KMS' }))).toBe('FORBIDDEN');
    expect(store.keys.size).toBe(0);
    expect(store.audit).toEqual([expect.objectContaining({ action: 'CreateKey', result: 'FAILURE', errorCode: 'FORBIDDEN' })]);
  });

  it('lets a key manager create keys', async () => {
    const { ctx } = createTestContext();
    await expect(createKey(ctx, { actor: principal('KEY_MANAGER'), alias: 'a', origin: 'KMS' })).resolves.toMatchObject({ state: 'ENABLED' });
  });
});

describe('createKey without an alias, with tags (AWS CreateKey)', () => {
  it('creates a key with no alias, audited without one', async () => {
    const { ctx, store } = createTestContext();
    const view = await createKey(ctx, { actor: admin, origin: 'KMS' });
    expect(view.aliases).toEqual([]);
    expect(store.aliases.size).toBe(0);
    expect(store.audit.at(-1)?.details).toEqual({ origin: 'KMS', toState: 'ENABLED' });
  });

  it('writes its tags in the same transaction, recording only their number', async () => {
    const { ctx, store } = createTestContext();
    const tags = [
      { tagKey: 'team', tagValue: 'payments' },
      { tagKey: 'env', tagValue: 'prod' },
    ];
    const view = await createKey(ctx, { actor: admin, alias: 'tagged', origin: 'EXTERNAL', tags });
    expect(await store.listTags(view.id)).toEqual([tags[1], tags[0]]);
    expect(store.audit.at(-1)?.details).toEqual({ alias: 'tagged', origin: 'EXTERNAL', toState: 'PENDING_IMPORT', tagCount: 2 });
  });

  it('leaves neither key nor tags behind when the alias is taken', async () => {
    const { ctx, store } = createTestContext();
    await createKey(ctx, { actor: admin, alias: 'taken', origin: 'KMS' });
    const tags = [{ tagKey: 'a', tagValue: '' }];
    expect(await codeOf(createKey(ctx, { actor: admin, alias: 'taken', origin: 'KMS', tags }))).toBe('ALIAS_EXISTS');
    expect(store.keys.size).toBe(1);
    expect(store.tags.size).toBe(0);
  });

  it('refuses malformed tags, duplicates and more than 50 with VALIDATION, creating nothing', async () => {
    const { ctx, store } = createTestContext();
    const many = Array.from({ length: 51 }, (_, i) => ({ tagKey: `k${i}`, tagValue: '' }));
    for (const tags of [[{ tagKey: 'aws:x', tagValue: '' }], [{ tagKey: 'a', tagValue: '1' }, { tagKey: 'a', tagValue: '2' }], many]) {
      expect(await codeOf(createKey(ctx, { actor: admin, origin: 'KMS', tags }))).toBe('VALIDATION');
    }
    expect(store.keys.size).toBe(0);
  });
});
