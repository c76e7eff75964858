import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import { describeKey } from './describe-key';
import { WRAPPING_ALGORITHMS, WRAPPING_KEY_SPECS } from './crypto/wrapping';
import { disableKey } from './disable-key';
import { importKeyMaterial } from './import-key-material';
import { openTokenPrivateKey } from './import-token';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createImportFixture, expiresAt, NEVER } from './testing/import-fixture';
import { codeOf, principal } from './testing/test-context';

const admin = principal('ADMINISTRATOR');
const HOUR = 3_600_000;

describe('importKeyMaterial round trips', () => {
  const combinations = WRAPPING_ALGORITHMS.flatMap((algorithm) => WRAPPING_KEY_SPECS.map((spec) => ({ algorithm, spec })));

  // Keys are generated once per spec for this file; 4096-bit generation alone takes seconds.
  it.each(combinations)('$algorithm under $spec: Pending import → Enabled, bound to exactly that material', async ({ algorithm, spec }) => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const material = randomBytes(32);
    const p = await f.parameters(keyId, { wrappingAlgorithm: algorithm, wrappingKeySpec: spec });
    const view = await f.importWith(p, f.wrap(p, material));
    expect(view).toMatchObject({ state: 'ENABLED', material: { status: 'IMPORTED', materialId: f.keyring.materialId({ keyId, material }) } });
    const stored = await f.store.findKey(keyId);
    const opened = f.keyring.open({ purpose: 'key-material', keyId, sealed: stored?.materialCiphertext as Uint8Array });
    expect(opened.equals(material)).toBe(true);
    expect(f.tokenOf(p)).toMatchObject({ usedAt: f.clock.now(), privateKeyCiphertext: null });
  }, 60_000);
});

describe('importKeyMaterial outcomes', () => {
  it.each([0, 16, 31, 33, 64])('refuses %d bytes of material with MATERIAL_INCORRECT and keeps the token usable', async (length) => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    const before = await f.snapshot(keyId);
    expect(await codeOf(f.importWith(p, f.wrap(p, randomBytes(length))))).toBe('MATERIAL_INCORRECT');
    expect(await f.snapshot(keyId)).toEqual(before);
    expect((await f.importWith(p, f.wrap(p, randomBytes(32)))).state).toBe('ENABLED');
  });

  it('refuses the material of another key (MATERIAL_INCORRECT) and changes nothing', async () => {
    const f = createImportFixture();
    const [mine, theirs] = [await f.externalKey(), await f.externalKey()];
    const [myMaterial, theirMaterial] = [randomBytes(32), randomBytes(32)];
    for (const [keyId, material] of [[mine, myMaterial], [theirs, theirMaterial]] as const) {
      const p = await f.parameters(keyId);
      await f.importWith(p, f.wrap(p, material));
    }
    const p = await f.parameters(mine);
    const before = await f.snapshot(mine);
    expect(await codeOf(f.importWith(p, f.wrap(p, theirMaterial)))).toBe('MATERIAL_INCORRECT');
    expect(await f.snapshot(mine)).toEqual(before);
  });

  it('re-imports the same material into Enabled and Disabled keys: state kept, expiry and import time replaced', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const material = randomBytes(32);
    const first = await f.parameters(keyId);
    const bound = await f.importWith(first, f.wrap(first, material), expiresAt(new Date(f.clock.now().getTime() + HOUR)));
    f.clock.advance({ minutes: 5 });
    const again = await f.parameters(keyId);
    expect(await f.importWith(again, f.wrap(again, material))).toMatchObject({
      state: 'ENABLED',
      material: { materialId: bound.material.materialId, expiresAt: null, importedAt: f.clock.now() },
    });
    await disableKey(f.ctx, { actor: admin, keyId });
    const third = await f.parameters(keyId);
    const validTo = new Date(f.clock.now().getTime() + 2 * HOUR);
    expect(await f.importWith(third, f.wrap(third, material), expiresAt(validTo))).toMatchObject({
      state: 'DISABLED',
      material: { materialId: bound.material.materialId, expiresAt: validTo },
    });
    expect(f.store.audit.filter((e) => e.action === 'ImportKeyMaterial').map((e) => e.details)).toEqual([
      expect.objectContaining({ fromState: 'PENDING_IMPORT', toState: 'ENABLED', firstImport: true, expirationModel: 'KEY_MATERIAL_EXPIRES' }),
      expect.objectContaining({ fromState: 'ENABLED', toState: 'ENABLED', firstImport: false, validTo: null }),
      expect.objectContaining({ fromState: 'DISABLED', toState: 'DISABLED', validTo: validTo.toISOString() }),
    ]);
  });

  it('refuses import into a key pending deletion with a token issued before (INVALID_STATE)', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    await scheduleKeyDeletion(f.ctx, { actor: admin, keyId });
    expect(await codeOf(f.importWith(p, f.wrap(p, randomBytes(32))))).toBe('INVALID_STATE');
    expect(f.tokenOf(p).usedAt).toBeNull();
  });

  it('refuses import into a generated key (UNSUPPORTED), whatever is presented', async () => {
    const f = createImportFixture();
    const other = await f.parameters(await f.externalKey());
    const { id: keyId } = await createKey(f.ctx, { actor: admin, alias: 'generated', origin: 'KMS' });
    const encryptedKeyMaterial = f.wrap(other, randomBytes(32));
    const attempt = importKeyMaterial(f.ctx, { actor: f.actor, keyId, importToken: other.importToken, encryptedKeyMaterial, expiration: NEVER });
    expect(await codeOf(attempt)).toBe('UNSUPPORTED');
    expect(f.tokenOf(other).usedAt).toBeNull();
  });
});

describe('material expiry', () => {
  it('is enforced at the instant: usable 1 ms before, Pending import at expiresAt, without any sweeper', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const validTo = new Date(f.clock.now().getTime() + HOUR);
    const p = await f.parameters(keyId);
    await f.importWith(p, f.wrap(p, randomBytes(32)), expiresAt(validTo));
    const read = () => describeKey(f.ctx, { actor: admin, keyRef: keyId });
    f.clock.set(new Date(validTo.getTime() - 1));
    expect(await read()).toMatchObject({ state: 'ENABLED', material: { status: 'IMPORTED', expiresAt: validTo } });
    f.clock.set(validTo);
    expect(await read()).toMatchObject({ state: 'PENDING_IMPORT', material: { status: 'AWAITING_IMPORT', expiresAt: null } });
    expect((await f.store.findKey(keyId))?.state).toBe('ENABLED'); // the sweeper has not run
    // Disabling needs Enabled: the expired key is no longer Enabled for transitions either.
    expect(await codeOf(disableKey(f.ctx, { actor: admin, keyId }))).toBe('INVALID_STATE');
  });
});

describe('secrets during import', () => {
  it('zeroes the unwrapped material and the unsealed private key once used', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const p = await f.parameters(keyId);
    const held: Buffer[] = [];
    const keyring = {
      ...f.keyring,
      seal: (o: Parameters<typeof f.keyring.seal>[0]) => (held.push(o.plaintext as Buffer), f.keyring.seal(o)),
      open: (o: Parameters<typeof f.keyring.open>[0]) => {
        const opened = f.keyring.open(o);
        held.push(opened);
        return opened;
      },
    };
    const ctx = { ...f.ctx, keyring };
    const encryptedKeyMaterial = f.wrap(p, randomBytes(32));
    await importKeyMaterial(ctx, { actor: f.actor, keyId, importToken: p.importToken, encryptedKeyMaterial, expiration: NEVER });
    expect(held.length).toBe(2); // the private key opened, the material sealed
    for (const buffer of held) expect(buffer.every((byte) => byte === 0)).toBe(true);
  });

  it('never puts token, material, wrapped blob or private key in errors or audit records', async () => {
    const f = createImportFixture();
    const keyId = await f.externalKey();
    const material = randomBytes(32);
    const p = await f.parameters(keyId);
    const token = f.tokenOf(p);
    const privateKey = openTokenPrivateKey({ keyring: f.keyring, token, sealed: token.privateKeyCiphertext as Uint8Array }).toString('hex');
    const secrets = [p.importToken, material, f.wrap(p, material)].flatMap((b) => [b.toString('hex'), b.toString('base64')]);
    const messages: string[] = [];
    for (const blob of [f.wrap(p, randomBytes(32), 'RSAES_OAEP_SHA_1'), f.wrap(p, randomBytes(8)), f.wrap(p, material)]) {
      await f.importWith(p, blob).catch((error: Error) => messages.push(error.message, String(error.stack)));
    }
    await f.importWith(p, f.wrap(p, material)).catch((error: Error) => messages.push(error.message));
    expect(messages.length).toBeGreaterThan(2);
    const text = [...messages, JSON.stringify(f.store.audit)].join('\n');
    for (const secret of [...secrets, privateKey]) expect(text).not.toContain(secret);
  });
});
