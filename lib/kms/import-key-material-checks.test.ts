import { randomBytes, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { createKey } from './create-key';
import type { TImportParameters } from './get-import-parameters';
import type { KmsErrorReason } from './errors';
import { importKeyMaterial, type TImportKeyMaterialOptions } from './import-key-material';
import { scheduleKeyDeletion } from './schedule-key-deletion';
import { createImportFixture, expiresAt, NEVER, type TImportFixture } from './testing/import-fixture';
import { codeOf, principal } from './testing/test-context';

// SPEC §4: input → key exists → origin EXTERNAL → state → token valid for this key → token not expired →
// unwraps → 32 bytes → same material as bound. Each case below fails the check it names AND every later
// check it can still fail, so it passes only if that check runs before all of those.

const admin = principal('ADMINISTRATOR');
let f: TImportFixture;
let ids: { bound: string; other: string; generatedPendingDeletion: string; externalPendingDeletion: string };
let tokens: { otherKeysExpired: TImportParameters; expired: TImportParameters; fresh: TImportParameters };
let garbage: Buffer;

beforeAll(async () => {
  f = createImportFixture();
  const bound = await f.externalKey('bound');
  const other = await f.externalKey('other');
  const externalPendingDeletion = await f.externalKey('external-pending-deletion');
  const generatedPendingDeletion = (await createKey(f.ctx, { actor: admin, alias: 'generated', origin: 'KMS' })).id;
  const first = await f.parameters(bound);
  await f.importWith(first, f.wrap(first, randomBytes(32)));
  const otherKeysExpired = await f.parameters(other);
  const expired = await f.parameters(bound);
  f.clock.advance({ hours: 25 });
  const fresh = await f.parameters(bound);
  for (const keyId of [generatedPendingDeletion, externalPendingDeletion]) await scheduleKeyDeletion(f.ctx, { actor: { ...admin, authenticatedAt: f.clock.now() }, keyId });
  ids = { bound, other, generatedPendingDeletion, externalPendingDeletion };
  tokens = { otherKeysExpired, expired, fresh };
  garbage = randomBytes(256);
});

interface TCase {
  check: string;
  code: string;
  message: RegExp;
  /** Why, where the code covers several causes: the console words the refusal from it. */
  reason?: KmsErrorReason;
  request: () => Omit<TImportKeyMaterialOptions, 'actor'>;
}

const request = (keyId: string, p: TImportParameters, blob: Buffer, expiration: TImportKeyMaterialOptions['expiration'] = NEVER) => ({
  keyId,
  importToken: p.importToken,
  encryptedKeyMaterial: blob,
  expiration,
});

const CASES: TCase[] = [
  {
    check: 'input well-formed (expiry not strictly in the future)',
    code: 'VALIDATION',
    message: /later than now/,
    request: () => request(randomUUID(), tokens.otherKeysExpired, garbage, expiresAt(f.clock.now())),
  },
  { check: 'key exists', code: 'NOT_FOUND', message: /No such key/, request: () => request(randomUUID(), tokens.otherKeysExpired, garbage) },
  {
    check: 'origin EXTERNAL (a generated key, also pending deletion)',
    code: 'UNSUPPORTED',
    message: /origin EXTERNAL/,
    request: () => request(ids.generatedPendingDeletion, tokens.otherKeysExpired, garbage),
  },
  {
    check: 'state allows import (pending deletion)',
    code: 'INVALID_STATE',
    message: /PENDING_DELETION/,
    request: () => request(ids.externalPendingDeletion, tokens.otherKeysExpired, garbage),
  },
  {
    check: 'token valid for this key (another key’s token, also expired)',
    code: 'TOKEN_INVALID',
    message: /not valid for this key/,
    request: () => request(ids.bound, tokens.otherKeysExpired, garbage),
  },
  {
    check: 'token not expired (and the blob is garbage)',
    code: 'TOKEN_EXPIRED',
    message: /expired/,
    request: () => request(ids.bound, tokens.expired, garbage),
  },
  {
    check: 'unwraps (OAEP SHA-1 under a SHA-256 token, of 16 bytes of other material)',
    code: 'WRAP_INVALID',
    message: /could not be unwrapped/,
    request: () => request(ids.bound, tokens.fresh, f.wrap(tokens.fresh, randomBytes(16), 'RSAES_OAEP_SHA_1')),
  },
  {
    check: '32 bytes (16 bytes that are not the bound material either)',
    code: 'MATERIAL_INCORRECT',
    reason: 'wrong-length',
    message: /exactly 32 bytes/,
    request: () => request(ids.bound, tokens.fresh, f.wrap(tokens.fresh, randomBytes(16))),
  },
  {
    check: 'same material as bound',
    code: 'MATERIAL_INCORRECT',
    reason: 'different-material',
    message: /not the key material of version 1 .*KCV [0-9A-F]{6}/,
    request: () => request(ids.bound, tokens.fresh, f.wrap(tokens.fresh, randomBytes(32))),
  },
];

describe('importKeyMaterial checks, in SPEC §4 order', () => {
  it.each(CASES)('$check → $code, nothing changed but the audit log', async ({ code, message, reason, request: build }) => {
    const input = build();
    const before = await Promise.all(Object.values(ids).map((id) => f.snapshot(id)));
    const auditBefore = f.store.audit.length;
    const attempt = importKeyMaterial(f.ctx, { actor: f.actor, ...input });

    await expect(attempt).rejects.toMatchObject({ code, reason: reason ?? null, message: expect.stringMatching(message) });

    const after = await Promise.all(Object.values(ids).map((id) => f.snapshot(id)));
    if (code === 'WRAP_INVALID') {
      // …and the one thing a failed unwrap does change: its token's failure count.
      const counted = after[0]?.tokens.find((t) => t.id === f.tokenOf(tokens.fresh).id);
      expect(counted?.failedAttempts).toBe(1);
      if (counted) counted.failedAttempts = 0;
    }
    expect(after).toEqual(before);
    expect(f.store.audit.slice(auditBefore)).toEqual([
      expect.objectContaining({ action: 'ImportKeyMaterial', result: 'FAILURE', errorCode: code, keyId: input.keyId }),
    ]);
  });

  it('passes every check with the bound material and this key’s fresh token', async () => {
    const { material } = await reimportable();
    const view = await f.importWith(material.parameters, f.wrap(material.parameters, material.bytes));
    expect(view.state).toBe('ENABLED');
  });
});

/** A key bound to known material, for the positive control (the cases above must not fail on setup). */
async function reimportable() {
  const keyId = await f.externalKey();
  const bytes = randomBytes(32);
  const first = await f.parameters(keyId);
  await f.importWith(first, f.wrap(first, bytes));
  return { material: { bytes, parameters: await f.parameters(keyId) } };
}

describe('importKeyMaterial input', () => {
  const valid = () => ({ keyId: ids.bound, importToken: tokens.fresh.importToken, encryptedKeyMaterial: garbage, expiration: NEVER });
  it.each([
    ['a malformed key ID', { keyId: 'not-a-key' }],
    ['an empty token', { importToken: new Uint8Array(0) }],
    ['a token over 6144 bytes', { importToken: new Uint8Array(6145) }],
    ['a token given as text', { importToken: 'dG9rZW4=' }],
    ['an empty blob', { encryptedKeyMaterial: new Uint8Array(0) }],
    ['an unknown expiration model', { expiration: { model: 'SOMETIMES' } }],
    ['an expiry in the past', { expiration: { model: 'KEY_MATERIAL_EXPIRES', validTo: new Date(0) } }],
    ['an invalid date', { expiration: { model: 'KEY_MATERIAL_EXPIRES', validTo: new Date(Number.NaN) } }],
    ['"expires" without a date', { expiration: { model: 'KEY_MATERIAL_EXPIRES' } }],
    ['"never" with a date', { expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE', validTo: new Date('2100-01-01') } }],
  ])('refuses %s with VALIDATION', async (_, override) => {
    const input = { ...valid(), ...override } as unknown as TImportKeyMaterialOptions;
    expect(await codeOf(importKeyMaterial(f.ctx, { ...input, actor: f.actor }))).toBe('VALIDATION');
  });

  it('accepts an expiry 1 ms after now (strictly in the future is enough)', async () => {
    const { material } = await reimportable();
    const validTo = new Date(f.clock.now().getTime() + 1);
    const view = await f.importWith(material.parameters, f.wrap(material.parameters, material.bytes), expiresAt(validTo));
    expect(view.material.expiresAt).toEqual(validTo);
  });

  it('refuses actors without import rights before looking at anything (FORBIDDEN)', async () => {
    const attempt = importKeyMaterial(f.ctx, { ...valid(), actor: principal('KEY_USER') });
    expect(await codeOf(attempt)).toBe('FORBIDDEN');
  });
});
