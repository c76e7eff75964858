import { describe, expect, it } from 'vitest';
import { createAccessKey } from './create-access-key';
import { createKey } from './create-key';
import { deleteKeyMaterial } from './delete-key-material';
import { FRESH_AUTHENTICATION_MS } from './fresh-authentication';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createImportFixture, type TImportFixture } from './testing/import-fixture';
import { codeOf, principal, seedImportedMaterial } from './testing/test-context';
import type { Principal } from './types';

// SPEC §9: creating an access key, deleting imported material and scheduling a key's deletion need a
// password or code entered in the last 10 minutes. A stale session is refused before anything changes, and
// the refusal is audited like any other failure.

type TSensitiveAction = {
  action: string;
  run: (f: TImportFixture, actor: Principal, keyId: string) => Promise<unknown>;
};

const ACTIONS: TSensitiveAction[] = [
  { action: 'CreateAccessKey', run: (f, actor) => createAccessKey(f.ctx, { actor, role: 'KEY_USER' }) },
  { action: 'DeleteImportedKeyMaterial', run: (f, actor, keyId) => deleteKeyMaterial(f.ctx, { actor, keyId }) },
  { action: 'ScheduleKeyDeletion', run: (f, actor, keyId) => scheduleKeyDeletion(f.ctx, { actor, keyId }) },
];

async function keyWithMaterial() {
  const f = createImportFixture();
  const keyId = await f.externalKey('sensitive');
  await seedImportedMaterial({ ctx: f.ctx, keyId, expiresAt: null });
  return { f, keyId };
}

describe.each(ACTIONS)('$action needs a fresh authentication', ({ action, run }) => {
  it('refuses a session whose password is older than 10 minutes with REAUTHENTICATION_REQUIRED, changes nothing, audits it', async () => {
    const { f, keyId } = await keyWithMaterial();
    const provedAt = f.clock.now();
    f.clock.advance({ ms: FRESH_AUTHENTICATION_MS + 1 });
    const actor = principal('ADMINISTRATOR', 'admin@example.test', { authenticatedAt: provedAt });
    const before = await f.ctx.store.findKey(keyId);

    expect(await codeOf(run(f, actor, keyId))).toBe('REAUTHENTICATION_REQUIRED');

    expect(await f.ctx.store.findKey(keyId)).toEqual(before);
    expect(f.accessKeys.rows.size).toBe(0);
    expect(f.store.audit.at(-1)).toMatchObject({ action, result: 'FAILURE', errorCode: 'REAUTHENTICATION_REQUIRED', actorId: actor.id });
  });

  it('refuses a session that never proved itself (no time at all)', async () => {
    const { f, keyId } = await keyWithMaterial();
    const actor = principal('ADMINISTRATOR', 'admin@example.test', { authenticatedAt: null });
    expect(await codeOf(run(f, actor, keyId))).toBe('REAUTHENTICATION_REQUIRED');
  });

  it('lets a session that entered its password 10 minutes ago (to the millisecond) proceed', async () => {
    const { f, keyId } = await keyWithMaterial();
    const provedAt = f.clock.now();
    f.clock.advance({ ms: FRESH_AUTHENTICATION_MS });
    const actor = principal('ADMINISTRATOR', 'admin@example.test', { authenticatedAt: provedAt });
    expect(await codeOf(run(f, actor, keyId))).toBe('NO_ERROR');
    expect(f.store.audit.at(-1)).toMatchObject({ action, result: 'SUCCESS' });
  });

  it('checks the role first: a role without the permission is FORBIDDEN however fresh', async () => {
    const { f, keyId } = await keyWithMaterial();
    const actor = principal('AUDITOR', 'auditor@example.test', { authenticatedAt: null });
    expect(await codeOf(run(f, actor, keyId))).toBe('FORBIDDEN');
  });
});

describe('fresh authentication binds people only', () => {
  it('lets an access key schedule a deletion: it signs every request', async () => {
    const f = createImportFixture();
    const { id } = await createKey(f.ctx, { actor: principal(), alias: 'by-api', origin: 'KMS' });
    f.clock.advance({ days: 1 });
    const accessKey: Principal = { type: 'access-key', id: 'KFTEST', name: 'KFTEST', role: 'ADMINISTRATOR' };
    expect(await codeOf(scheduleKeyDeletion(f.ctx, { actor: accessKey, keyId: id }))).toBe('NO_ERROR');
  });
});
