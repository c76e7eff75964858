import { resolve } from 'node:path';
import { getDatabase } from '@/lib/db/client';
import { surfaceDatabaseUnavailable } from '@/lib/db/database-unavailable';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import type { KmsContext } from '@/lib/kms';
import { createKeyPairPool, type KeyPairPool } from '@/lib/kms';
import { createKeyring } from '@/lib/kms';
import { loadRootKey, type LoadedRootKey } from '@/lib/kms';
import { assertRootKeyMatches } from '@/lib/kms';
import { createKeyCache, followChanges, keyCacheTtlFromEnv } from '@/lib/kms';
import { createChangeBus, type TChangeBus } from './change-bus';
import { createIpcChangeTransport } from './ipc-change-transport';
import { postgresChangeTransport, postgresNotifyFromEnv } from './postgres-change-transport';
import { readSettings } from './startup-failure';
import { systemClock } from '@/lib/kms';
import { keyPoolSizesFromEnv } from './key-pool-sizes';
import { resourceLimitsFromEnv } from './resource-limits';
import { rootKeyValue } from './root-key-handover.mjs';
import { componentLogger, lineLogger } from './logger';
import { keyfortMetrics } from './metrics';

export interface KmsRuntime {
  ctx: KmsContext;
  /** Where the root key came from, for the start-up warning. The key bytes stay in the keyring. */
  rootKey: Omit<LoadedRootKey, 'key'>;
  /** The same object as ctx.keyPairs; start-up warms it and shutdown stops it. */
  keyPairPool: KeyPairPool;
  /** The same object as ctx.changes; shutdown stops it (closes PostgreSQL's listening connection). */
  changes: TChangeBus;
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
  const postgresNotify = readSettings(() => postgresNotifyFromEnv(process.env));
  const database = await getDatabase();
  // An unreachable database reaches the domain and the edges as UNAVAILABLE, not as an internal fault.
  const store = surfaceDatabaseUnavailable(new PrismaKeyStore(database.prisma, database.provider));
  const { key, ...rootKey } = loadRootKey({ env: process.env, dataDir: dataDirectory(), rootKeyValue: rootKeyValue() });
  let keyring;
  try {
    keyring = createKeyring({ rootKey: key });
  } finally {
    key.fill(0);
  }
  // Before anything is sealed: a wrong root key must stop Keyfort, not write under the wrong key.
  await assertRootKeyMatches({ store, keyring });
  const accessKeys = surfaceDatabaseUnavailable(new PrismaAccessKeyStore(database.prisma, database.provider));
  const people = surfaceDatabaseUnavailable(new PrismaPeopleStore(database.prisma, database.provider));
  const changes = await createChanges({ database, postgresNotify });
  changes.subscribe((change) => followChanges(keyCache, change));
  return { ctx: { store, clock: systemClock, keyring, keyPairs: keyPairPool, accessKeys, people, keyCache, limits, changes }, rootKey, keyPairPool, changes };
}

/**
 * Changes reach this instance's other processes over IPC (`npm start` and the API primary relay them) and,
 * on PostgreSQL, the other instances through LISTEN/NOTIFY. A first LISTEN that fails stops start-up like
 * any other database failure (retried); later losses reconnect by themselves.
 */
function createChanges(options: { database: Awaited<ReturnType<typeof getDatabase>>; postgresNotify: boolean }): Promise<TChangeBus> {
  const log = lineLogger(componentLogger('change-feed'), 'warn');
  const { database } = options;
  const transports = [createIpcChangeTransport()];
  if (database.postgresUrl !== null && options.postgresNotify) {
    transports.push(postgresChangeTransport({ connectionString: database.postgresUrl, prisma: database.prisma, log }));
  }
  return createChangeBus({ transports, log, observe: (direction) => keyfortMetrics().changeNotifications.inc({ direction }) });
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
