import { randomBytes } from 'node:crypto';
import type { KmsContext } from '../context';
import { isKmsError } from '../errors';
import { createKeyring, type Keyring } from '../crypto/keyring';
import type { Principal, Role } from '../types';
import { FakeClock } from './fake-clock';
import { InMemoryKeyStore } from './in-memory-store';

export interface TTestContext {
  ctx: KmsContext;
  store: InMemoryKeyStore;
  clock: FakeClock;
  keyring: Keyring;
}

/** A fresh, isolated domain: in-memory store, fake clock, keyring under a random root key. */
export function createTestContext(options: { start?: Date | string } = {}): TTestContext {
  const store = new InMemoryKeyStore();
  const clock = new FakeClock(options.start);
  const keyring = createKeyring({ rootKey: randomBytes(32) });
  return { ctx: { store, clock, keyring }, store, clock, keyring };
}

export function principal(role: Role = 'ADMINISTRATOR', name = `${role.toLowerCase()}@example.test`): Principal {
  return { type: 'user', id: `user-${role.toLowerCase()}`, name, role };
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
 * Stands in for issue 3's import until it exists: gives an EXTERNAL key sealed material, as an import
 * would, so effective-state rules (expiry) can be tested now.
 */
export async function seedImportedMaterial(options: {
  ctx: KmsContext;
  keyId: string;
  expiresAt: Date | null;
}): Promise<{ materialId: string }> {
  const { ctx, keyId } = options;
  const material = randomBytes(32);
  const materialId = ctx.keyring.materialId({ keyId, material });
  const materialCiphertext = ctx.keyring.seal({ purpose: 'key-material', keyId, plaintext: material });
  material.fill(0);
  await ctx.store.transaction(async (tx) => {
    const key = await tx.findKey(keyId);
    if (!key) throw new Error(`no key ${keyId}`);
    const now = ctx.clock.now();
    const state = key.state === 'PENDING_IMPORT' ? 'ENABLED' : key.state;
    const patch = { state, materialCiphertext, materialId, materialImportedAt: now, materialExpiresAt: options.expiresAt };
    if (!(await tx.updateKey(keyId, key.version, patch))) throw new Error('seed lost a race');
  });
  return { materialId };
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
