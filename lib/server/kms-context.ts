import { resolve } from 'node:path';
import { getDatabase } from '@/lib/db/client';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import type { KmsContext } from '@/lib/kms';
import { createKeyPairPool, type KeyPairPool } from '@/lib/kms';
import { createKeyring } from '@/lib/kms';
import { loadRootKey, type LoadedRootKey } from '@/lib/kms';
import { assertRootKeyMatches } from '@/lib/kms';
import { createKeyCache, keyCacheTtlFromEnv } from '@/lib/kms';
import { systemClock } from '@/lib/kms';
import { keyPoolSizesFromEnv } from './key-pool-sizes';
import { resourceLimitsFromEnv } from './resource-limits';
import { rootKeyValue } from './root-key-handover.mjs';
import { keyfortMetrics } from './metrics';

export interface KmsRuntime {
  ctx: KmsContext;
  /** Where the root key came from, for the start-up warning. The key bytes stay in the keyring. */
  rootKey: Omit<LoadedRootKey, 'key'>;
  /** The same object as ctx.keyPairs; start-up warms it and shutdown stops it. */
  keyPairPool: KeyPairPool;
}

// On globalThis: Next bundles instrumentation, route handlers and server actions separately, and each
// bundle would otherwise hold its own module copy (a second keyring, a second database pool).
const RUNTIME = Symbol.for('keyfort.kms-runtime');
type Holder = { [RUNTIME]?: Promise<KmsRuntime> };

export function dataDirectory(env: Record<string, string | undefined> = process.env): string {
  // Chosen at run time by the operator; not a build input for the bundler to trace.
  return resolve(/* turbopackIgnore: true */ env.KEYFORT_DATA_DIR?.trim() || 'data');
}

async function createRuntime(): Promise<KmsRuntime> {
  // First: a malformed size should stop start-up before anything else is opened.
  const keyPairPool = createKeyPairPool({ sizes: keyPoolSizesFromEnv(process.env) });
  const keyCache = createKeyCache({ ttlMs: keyCacheTtlFromEnv(process.env) });
  keyfortMetrics().cacheSources.key = () => keyCache.stats();
  const limits = resourceLimitsFromEnv(process.env);
  const database = await getDatabase();
  const store = new PrismaKeyStore(database.prisma, database.provider);
  const { key, ...rootKey } = loadRootKey({ env: process.env, dataDir: dataDirectory(), rootKeyValue: rootKeyValue() });
  let keyring;
  try {
    keyring = createKeyring({ rootKey: key });
  } finally {
    key.fill(0);
  }
  // Before anything is sealed: a wrong root key must stop Keyfort, not write under the wrong key.
  await assertRootKeyMatches({ store, keyring });
  const accessKeys = new PrismaAccessKeyStore(database.prisma, database.provider);
  const people = new PrismaPeopleStore(database.prisma, database.provider);
  return { ctx: { store, clock: systemClock, keyring, keyPairs: keyPairPool, accessKeys, people, keyCache, limits }, rootKey, keyPairPool };
}

/** The singleton behind every server-side domain call. Start-up calls it first, so errors surface there. */
export function getKmsRuntime(): Promise<KmsRuntime> {
  const holder = globalThis as Holder;
  holder[RUNTIME] ??= createRuntime().catch((error: unknown) => {
    // Let a later call retry (e.g. the database was briefly unreachable); start-up exits on the first error.
    delete holder[RUNTIME];
    throw error;
  });
  return holder[RUNTIME];
}

export async function getKmsContext(): Promise<KmsContext> {
  return (await getKmsRuntime()).ctx;
}
