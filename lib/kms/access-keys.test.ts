import { describe, expect, it } from 'vitest';
import { createAccessKey } from './create-access-key';
import { listAccessKeys } from './list-access-keys';
import { ACCESS_KEY_USE_INTERVAL_MS, recordAccessKeyUse } from './record-access-key-use';
import { resolveAccessKey } from './resolve-access-key';
import { revokeAccessKey } from './revoke-access-key';
import { barrier, codeOf, createTestContext, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR', 'ada@example.test');
const UNKNOWN_ID = 'KFAAAAAAAAAAAAAAAAAA';

/** Every encoding a secret could leak in. */
const encodings = (secret: string) => [secret, Buffer.from(secret).toString('hex'), Buffer.from(secret).toString('base64')];

describe('createAccessKey', () => {
  it('issues a KF… ID and a 40-character secret, owned by the creator, with the role chosen', async () => {
    const { ctx, clock } = createTestContext();
    const { accessKey, secretAccessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER', description: 'CI pipeline' });
    expect(accessKey.id).toMatch(/^KF[A-Z2-7]{18}$/);
    expect(secretAccessKey).toMatch(/^[A-Za-z0-9+/]{40}$/);
    expect(accessKey).toEqual({
      id: accessKey.id,
      role: 'KEY_USER',
      ownerName: 'ada@example.test',
      ownerUserId: admin.id,
      description: 'CI pipeline',
      createdAt: clock.now(),
      lastUsedAt: null,
      revokedAt: null,
      status: 'ACTIVE',
    });
  });

  it('gives every key its own ID and secret', async () => {
    const { ctx } = createTestContext();
    const a = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    const b = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    expect(a.accessKey.id).not.toBe(b.accessKey.id);
    expect(a.secretAccessKey).not.toBe(b.secretAccessKey);
  });

  it('stores the secret only sealed, bound to the access key ID, and records the owning user', async () => {
    const { ctx, accessKeys, keyring } = createTestContext();
    const { accessKey, secretAccessKey } = await createAccessKey(ctx, { actor: admin, role: 'AUDITOR' });
    const row = accessKeys.rows.get(accessKey.id);
    expect(row).toMatchObject({ ownerUserId: admin.id, ownerName: admin.name });
    const sealed = Buffer.from(row?.secretCiphertext as Uint8Array);
    for (const leak of encodings(secretAccessKey)) expect(sealed.toString('latin1')).not.toContain(leak);
    expect(keyring.open({ purpose: 'access-key-secret', keyId: accessKey.id, sealed }).toString()).toBe(secretAccessKey);
    expect(() => keyring.open({ purpose: 'access-key-secret', keyId: UNKNOWN_ID, sealed })).toThrow();
  });

  it('audits the creation in the same write, with ID and role but never the secret', async () => {
    const { ctx, store, accessKeys } = createTestContext();
    const { accessKey, secretAccessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_MANAGER' });
    expect(store.audit).toEqual([
      expect.objectContaining({
        action: 'CreateAccessKey',
        keyId: null,
        result: 'SUCCESS',
        actorName: admin.name,
        details: { accessKeyId: accessKey.id, role: 'KEY_MANAGER' },
      }),
    ]);
    const record = JSON.stringify(store.audit);
    for (const leak of encodings(secretAccessKey)) expect(record).not.toContain(leak);
    store.failNext('insertAudit');
    await expect(createAccessKey(ctx, { actor: admin, role: 'KEY_USER' })).rejects.toThrow('injected insertAudit failure');
    expect(accessKeys.rows.size).toBe(1);
  });

  it.each(['KEY_MANAGER', 'AUDITOR'] as const)('refuses a %s a Key user key with FORBIDDEN and audits the refusal', async (role) => {
    const { ctx, store, accessKeys } = createTestContext();
    expect(await codeOf(createAccessKey(ctx, { actor: principal(role), role: 'KEY_USER' }))).toBe('FORBIDDEN');
    expect(accessKeys.rows.size).toBe(0);
    expect(store.audit.map((e) => [e.action, e.result, e.errorCode])).toEqual([['CreateAccessKey', 'FAILURE', 'FORBIDDEN']]);
  });

  it('refuses an unknown role or an unsafe description with VALIDATION', async () => {
    const { ctx, accessKeys } = createTestContext();
    expect(await codeOf(createAccessKey(ctx, { actor: admin, role: 'ROOT' as 'KEY_USER' }))).toBe('VALIDATION');
    expect(await codeOf(createAccessKey(ctx, { actor: admin, role: 'KEY_USER', description: 'a\u202Eb' }))).toBe('VALIDATION');
    expect(await codeOf(createAccessKey(ctx, { actor: admin, role: 'KEY_USER', description: 'x'.repeat(256) }))).toBe('VALIDATION');
    expect(accessKeys.rows.size).toBe(0);
  });
});

describe('revokeAccessKey', () => {
  it('revokes once: destroys the sealed secret, keeps the row, audits; a second revoke is INVALID_STATE', async () => {
    const { ctx, store, accessKeys, clock } = createTestContext();
    const { accessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    clock.advance({ hours: 1 });
    const revoked = await revokeAccessKey(ctx, { actor: admin, accessKeyId: accessKey.id });
    expect(revoked).toMatchObject({ id: accessKey.id, status: 'REVOKED', revokedAt: clock.now() });
    expect(accessKeys.rows.get(accessKey.id)?.secretCiphertext).toBeNull();
    expect(store.audit.at(-1)).toMatchObject({ action: 'RevokeAccessKey', result: 'SUCCESS', details: { accessKeyId: accessKey.id } });
    expect(await codeOf(revokeAccessKey(ctx, { actor: admin, accessKeyId: accessKey.id }))).toBe('INVALID_STATE');
    expect(store.audit.at(-1)).toMatchObject({ action: 'RevokeAccessKey', result: 'FAILURE', errorCode: 'INVALID_STATE' });
    expect(store.audit.filter((e) => e.action === 'RevokeAccessKey' && e.result === 'SUCCESS')).toHaveLength(1);
  });

  it('lets exactly one of two concurrent revocations succeed, with one success record', async () => {
    const { ctx, store, accessKeys } = createTestContext();
    const { accessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    accessKeys.hooks.beforeWrite = barrier(2);
    const codes = await Promise.all([0, 1].map(() => codeOf(revokeAccessKey(ctx, { actor: admin, accessKeyId: accessKey.id }))));
    expect(codes.sort()).toEqual(['INVALID_STATE', 'NO_ERROR']);
    expect(store.audit.filter((e) => e.action === 'RevokeAccessKey' && e.result === 'SUCCESS')).toHaveLength(1);
  });

  it('answers NOT_FOUND for an unknown ID, VALIDATION for a malformed one (kept out of the audit log), FORBIDDEN for non-admins', async () => {
    const { ctx, store, people } = createTestContext();
    people.seed({ id: admin.id, email: admin.name, role: 'ADMINISTRATOR' });
    const { accessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    expect(await codeOf(revokeAccessKey(ctx, { actor: admin, accessKeyId: UNKNOWN_ID }))).toBe('NOT_FOUND');
    expect(store.audit.at(-1)).toMatchObject({ errorCode: 'NOT_FOUND', details: { accessKeyId: UNKNOWN_ID } });
    expect(await codeOf(revokeAccessKey(ctx, { actor: admin, accessKeyId: 'kf<script>' }))).toBe('VALIDATION');
    expect(store.audit.at(-1)).toMatchObject({ errorCode: 'VALIDATION', details: null });
    expect(await codeOf(revokeAccessKey(ctx, { actor: principal('KEY_MANAGER'), accessKeyId: accessKey.id }))).toBe('FORBIDDEN');
    expect((await resolveAccessKey(ctx, { accessKeyId: accessKey.id }))?.principal.id).toBe(accessKey.id);
  });
});

describe('listAccessKeys', () => {
  it('lists every key newest first, revoked ones included, without secrets', async () => {
    const { ctx, clock } = createTestContext();
    const first = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    clock.advance({ minutes: 1 });
    const second = await createAccessKey(ctx, { actor: admin, role: 'AUDITOR' });
    await revokeAccessKey(ctx, { actor: admin, accessKeyId: first.accessKey.id });
    const listed = await listAccessKeys(ctx, { actor: admin });
    expect(listed.map((k) => [k.id, k.status])).toEqual([
      [second.accessKey.id, 'ACTIVE'],
      [first.accessKey.id, 'REVOKED'],
    ]);
    const text = JSON.stringify(listed);
    for (const leak of [...encodings(first.secretAccessKey), ...encodings(second.secretAccessKey)]) expect(text).not.toContain(leak);
    expect(Object.keys(listed[0] ?? {})).not.toContain('secretCiphertext');
  });
});

describe('resolveAccessKey', () => {
  it('returns the owner as an access-key principal with the key’s role, and the secret as bytes', async () => {
    const { ctx, people } = createTestContext();
    people.seed({ id: admin.id, email: admin.name, role: 'ADMINISTRATOR' });
    const { accessKey, secretAccessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    const resolved = await resolveAccessKey(ctx, { accessKeyId: accessKey.id });
    expect(resolved?.principal).toEqual({ type: 'access-key', id: accessKey.id, name: admin.name, role: 'KEY_USER' });
    expect(Buffer.isBuffer(resolved?.secret)).toBe(true);
    expect(resolved?.secret.toString('utf8')).toBe(secretAccessKey);
  });

  it('returns null for unknown, malformed and revoked keys', async () => {
    const { ctx } = createTestContext();
    const { accessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    await revokeAccessKey(ctx, { actor: admin, accessKeyId: accessKey.id });
    for (const accessKeyId of [accessKey.id, UNKNOWN_ID, 'short', '', 'kf-lowercase-is-not-an-id']) {
      expect(await resolveAccessKey(ctx, { accessKeyId })).toBeNull();
    }
  });
});

describe('recordAccessKeyUse', () => {
  it('records the first use, then at most one write per interval, and never on a revoked key', async () => {
    const { ctx, clock, accessKeys } = createTestContext();
    const { accessKey } = await createAccessKey(ctx, { actor: admin, role: 'KEY_USER' });
    const firstUse = clock.advance({ seconds: 5 });
    await recordAccessKeyUse(ctx, { accessKeyId: accessKey.id });
    clock.advance({ ms: ACCESS_KEY_USE_INTERVAL_MS - 1 });
    await recordAccessKeyUse(ctx, { accessKeyId: accessKey.id });
    expect(accessKeys.rows.get(accessKey.id)?.lastUsedAt).toEqual(firstUse);
    expect(accessKeys.touchWrites).toBe(1);
    const later = clock.advance({ ms: 1 });
    await recordAccessKeyUse(ctx, { accessKeyId: accessKey.id });
    expect((await listAccessKeys(ctx, { actor: admin }))[0]?.lastUsedAt).toEqual(later);
    await revokeAccessKey(ctx, { actor: admin, accessKeyId: accessKey.id });
    clock.advance({ hours: 1 });
    await recordAccessKeyUse(ctx, { accessKeyId: accessKey.id });
    await recordAccessKeyUse(ctx, { accessKeyId: UNKNOWN_ID });
    expect(accessKeys.rows.get(accessKey.id)?.lastUsedAt).toEqual(later);
    expect(accessKeys.touchWrites).toBe(2);
  });
});
