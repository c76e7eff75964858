import { randomBytes } from 'node:crypto';
import type { KmsContext } from '../context';
import { isKmsError } from '../errors';
import { createKeyring, type Keyring } from '../crypto/keyring';
import { getImportParameters } from '../get-import-parameters';
import { importKeyMaterial } from '../import-key-material';
import type { KeyView } from '../key-view';
import type { Principal, Role } from '../types';
import { FAKE_CLOCK_START, FakeClock } from './fake-clock';
import { InMemoryAccessKeyStore } from './in-memory-access-key-store';
import { InMemoryPeopleStore } from './in-memory-people-store';
import { InMemoryKeyStore } from './in-memory-store';
import { createTestKeyPairs, type TTestKeyPairs } from './test-key-pairs';
import { wrapKeyMaterial } from './wrap-key-material';

export interface TTestContext {
  ctx: KmsContext;
  store: InMemoryKeyStore;
  accessKeys: InMemoryAccessKeyStore;
  people: InMemoryPeopleStore;
  clock: FakeClock;
  keyring: Keyring;
  keyPairs: TTestKeyPairs;
}

/** A fresh, isolated domain: in-memory stores (keys, access keys), fake clock, keyring under a random root key, cached key pairs. */
export function createTestContext(options: { start?: Date | string } = {}): TTestContext {
  const store = new InMemoryKeyStore();
  const clock = new FakeClock(options.start);
  const keyring = createKeyring({ rootKey: randomBytes(32) });
  const keyPairs = createTestKeyPairs();
  const accessKeys = new InMemoryAccessKeyStore(store);
  const people = new InMemoryPeopleStore(store, accessKeys);
  return { ctx: { store, clock, keyring, keyPairs, accessKeys, people }, store, accessKeys, people, clock, keyring, keyPairs };
}

/**
 * A signed-in user. Their session proved itself (password) when the fake clock starts, so sensitive actions
 * (fresh authentication, SPEC §9) pass until a test moves the clock more than 10 minutes on; pass
 * `authenticatedAt` (e.g. `clock.now()`) for a later moment, or `null` for a session that never did.
 */
export function principal(
  role: Role = 'ADMINISTRATOR',
  name = `${role.toLowerCase()}@example.test`,
  options: { authenticatedAt?: Date | null } = {},
): Principal {
  const authenticatedAt = options.authenticatedAt === undefined ? new Date(FAKE_CLOCK_START) : options.authenticatedAt;
  return { type: 'user', id: `user-${role.toLowerCase()}`, name, role, ...(authenticatedAt ? { authenticatedAt } : {}) };
}

/** Resolves the first `count` callers together (lining racing transactions up); later callers pass. */
export function barrier(count: number): () => Promise<void> {
  let waiting: Array<() => void> = [];
  let arrived = 0;
  return () => {
    arrived += 1;
    if (arrived > count) return Promise.resolve();
    const gate = new Promise<void>((resolve) => waiting.push(resolve));
    if (arrived === count) {
      waiting.forEach((resolve) => resolve());
      waiting = [];
    }
    return gate;
  };
}

/**
 * Imports material into an EXTERNAL key through the real operations (parameters, wrap, import), as a user
 * would: RSA_2048 with OAEP SHA-256 unless told otherwise. Returns the material so tests can import it again.
 */
export async function seedImportedMaterial(options: {
  ctx: KmsContext;
  keyId: string;
  expiresAt: Date | null;
  material?: Buffer;
  actor?: Principal;
}): Promise<{ materialId: string; material: Buffer; view: KeyView }> {
  const { ctx, keyId } = options;
  const actor = options.actor ?? principal('KEY_MANAGER');
  const material = options.material ?? randomBytes(32);
  const parameters = await getImportParameters(ctx, { actor, keyId, wrappingKeySpec: 'RSA_2048' });
  const encryptedKeyMaterial = wrapKeyMaterial({ publicKey: parameters.publicKeyDer, algorithm: parameters.wrappingAlgorithm, material });
  const expiration = options.expiresAt
    ? ({ model: 'KEY_MATERIAL_EXPIRES', validTo: options.expiresAt } as const)
    : ({ model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' } as const);
  const view = await importKeyMaterial(ctx, { actor, keyId, importToken: parameters.importToken, encryptedKeyMaterial, expiration });
  return { materialId: view.material.materialId as string, material, view };
}

/** The KmsError code a call fails with, or 'NO_ERROR'; anything else thrown is rethrown. */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isKmsError(error)) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}
