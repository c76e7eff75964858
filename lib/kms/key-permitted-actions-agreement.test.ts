import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { deleteKeyMaterial } from './delete-key-material';
import { describeKey } from './describe-key';
import { disableKey } from './disable-key';
import { enableKeyRotation } from './enable-key-rotation';
import { isKmsError, type KmsErrorCode } from './errors';
import { importKeyMaterial } from './import-key-material';
import { permittedActions, permittedVersionActions, type ActionRefusal } from './key-permitted-actions';
import { listKeyRotations } from './list-key-rotations';
import { rotateKeyOnDemand } from './rotate-key-on-demand';
import { createImportFixture, NEVER, type TImportFixture } from './testing/import-fixture';
import type { ImportType } from './validation';

// What the console offers (permittedActions) and what the operations then do must agree: an offered action
// runs, a withheld one is refused with the code its refusal names. Walked through SPEC §11 on real operations.
const CODE_OF: Record<ActionRefusal, KmsErrorCode> = {
  origin: 'UNSUPPORTED',
  state: 'INVALID_STATE',
  disabled: 'DISABLED',
  'no-material': 'INVALID_STATE',
  'pending-exists': 'INVALID_STATE',
  'nothing-pending': 'INVALID_STATE',
  limit: 'LIMIT_EXCEEDED',
};

async function offered(f: TImportFixture, keyId: string) {
  const key = await describeKey(f.ctx, { actor: f.actor, keyRef: keyId });
  const { items } = await listKeyRotations(f.ctx, { actor: f.actor, keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL', limit: 1000 });
  return permittedActions(key, items);
}

/** Runs the operation and says how it ended: 'ran', or the refusal's code. */
async function outcome(run: () => Promise<unknown>): Promise<'ran' | KmsErrorCode> {
  try {
    await run();
    return 'ran';
  } catch (error) {
    if (isKmsError(error)) return error.code;
    throw error;
  }
}

const expected = (verdict: { allowed: true } | { allowed: false; refusal: ActionRefusal }) => (verdict.allowed ? 'ran' : CODE_OF[verdict.refusal]);

async function importMaterial(f: TImportFixture, keyId: string, importType?: ImportType) {
  const parameters = await f.parameters(keyId);
  const blob = f.wrap(parameters, randomBytes(32));
  return importKeyMaterial(f.ctx, { actor: f.actor, keyId, importToken: parameters.importToken, encryptedKeyMaterial: blob, expiration: NEVER, importType });
}

describe('permittedActions agrees with the operations (SPEC §11)', () => {
  it('for an imported key: rotate only with new material pending, one pending version at a time, DISABLED while disabled', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    await importMaterial(f, keyId);

    let allowed = await offered(f, keyId);
    expect(allowed.rotate).toEqual({ allowed: false, refusal: 'nothing-pending' });
    expect(await outcome(() => rotateKeyOnDemand(f.ctx, { actor: f.actor, keyId }))).toBe(expected(allowed.rotate));
    expect(allowed.importNewMaterial).toEqual({ allowed: true });
    expect(await outcome(() => importMaterial(f, keyId, 'NEW_KEY_MATERIAL'))).toBe(expected(allowed.importNewMaterial));

    allowed = await offered(f, keyId);
    expect(allowed.importNewMaterial).toEqual({ allowed: false, refusal: 'pending-exists' });
    expect(await outcome(() => importMaterial(f, keyId, 'NEW_KEY_MATERIAL'))).toBe(expected(allowed.importNewMaterial));
    expect(allowed.configureRotation).toEqual({ allowed: false, refusal: 'origin' });
    expect(await outcome(() => enableKeyRotation(f.ctx, { actor: f.actor, keyId, rotationPeriodInDays: 365 }))).toBe(expected(allowed.configureRotation));

    await disableKey(f.ctx, { actor: f.actor, keyId });
    allowed = await offered(f, keyId);
    expect(allowed.rotate).toEqual({ allowed: false, refusal: 'disabled' });
    expect(await outcome(() => rotateKeyOnDemand(f.ctx, { actor: f.actor, keyId }))).toBe(expected(allowed.rotate));
  });

  it('for an imported key with new material pending and enabled: rotation is offered and runs', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    await importMaterial(f, keyId);
    await importMaterial(f, keyId, 'NEW_KEY_MATERIAL');
    const allowed = await offered(f, keyId);
    expect(allowed.rotate).toEqual({ allowed: true });
    expect(await outcome(() => rotateKeyOnDemand(f.ctx, { actor: f.actor, keyId }))).toBe('ran');
  });

  it('per version: delete material while the key allows it and the version holds some; re-import wherever an import is allowed', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    await importMaterial(f, keyId);
    await importMaterial(f, keyId, 'NEW_KEY_MATERIAL');
    await rotateKeyOnDemand(f.ctx, { actor: f.actor, keyId });
    const verdicts = async () => {
      const key = await describeKey(f.ctx, { actor: f.actor, keyRef: keyId });
      const { items } = await listKeyRotations(f.ctx, { actor: f.actor, keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL', limit: 1000 });
      return items.map((version) => ({ materialId: version.materialId, ...permittedVersionActions(key, version) }));
    };
    const [v1] = await verdicts();
    expect(v1?.deleteMaterial).toEqual({ allowed: true });
    expect(await outcome(() => deleteKeyMaterial(f.ctx, { actor: f.actor, keyId, materialId: v1?.materialId }))).toBe('ran');

    const [after1, after2] = await verdicts();
    expect(after1?.deleteMaterial).toEqual({ allowed: false, refusal: 'state' });
    expect(after2?.deleteMaterial).toEqual({ allowed: false, refusal: 'state' });
    expect(await outcome(() => deleteKeyMaterial(f.ctx, { actor: f.actor, keyId, materialId: after2?.materialId }))).toBe('INVALID_STATE');
    expect(after1?.reimport).toEqual({ allowed: true });
  });

  it('for a generated key: rotation and automatic rotation while enabled, DISABLED while disabled, no new material', async () => {
    const f = createImportFixture();
    const keyId = (await createKey(f.ctx, { actor: f.actor, origin: 'KMS' })).id;
    let allowed = await offered(f, keyId);
    expect(allowed.rotate).toEqual({ allowed: true });
    expect(await outcome(() => rotateKeyOnDemand(f.ctx, { actor: f.actor, keyId }))).toBe('ran');
    expect(allowed.importNewMaterial).toEqual({ allowed: false, refusal: 'origin' });

    await disableKey(f.ctx, { actor: f.actor, keyId });
    allowed = await offered(f, keyId);
    expect(allowed.configureRotation).toEqual({ allowed: false, refusal: 'disabled' });
    expect(await outcome(() => enableKeyRotation(f.ctx, { actor: f.actor, keyId, rotationPeriodInDays: 365 }))).toBe(expected(allowed.configureRotation));
    expect(await outcome(() => rotateKeyOnDemand(f.ctx, { actor: f.actor, keyId }))).toBe(expected(allowed.rotate));
  });
});
