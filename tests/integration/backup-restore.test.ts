// Backup and restore as the README tells operators to do it (npm run backup's code, pg_restore, the restored
// database opened by a new Keyfort with the same root key), and the start-up sweep that keeps a restored old
// backup from serving or storing material whose expiry passed while it sat on a shelf.
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSqliteBackup } from '@/lib/db/backup-sqlite';
import { createDatabase, type TCreateDatabaseOptions } from '@/lib/db/client';
import { readLocalMigrations } from '@/lib/db/local-migrations';
import { migrateDatabase } from '@/lib/db/migrate';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import { defaultMigrationsDir, resolveDatabaseTarget } from '@/lib/db/target';
import {
  assertRootKeyMatches,
  createKey,
  decrypt,
  describeKey,
  encrypt,
  type Keyring,
  type KmsContext,
  RootKeyMismatchError,
  scheduleKeyDeletion,
} from '@/lib/kms';
import { FakeClock } from '@/lib/kms/testing/fake-clock';
import { seedImportedMaterial } from '@/lib/kms/testing/test-context';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import { sweepOnStart } from '@/lib/server/sweep-on-start';
import { backUp, emptyPostgresDatabase, pgRestore, removeBackupFolders, restoreFresh, startSqliteWriter } from './support/backups';
import { describeEachProvider, scratchDatabase } from './support/databases';
import { newKeyring, outcome } from './support/domain-context';
import { freshActor, TEST_ACTOR as actor, sleep, uniqueAlias } from './support/keys';
import { TEST_POSTGRES_URL } from './support/postgres';

const HOUR = 3_600_000;
const plaintext = Buffer.from('made before the backup');
afterAll(removeBackupFolders);

/** A Keyfort instance on a database, as kms-context builds one: same root key check at start. */
async function openKeyfort(options: TCreateDatabaseOptions, keyring: Keyring, clock: FakeClock) {
  const database = await createDatabase(options);
  const store = new PrismaKeyStore(database.prisma, database.provider);
  const ctx: KmsContext = {
    store,
    clock,
    keyring,
    keyPairs: createTestKeyPairs(),
    accessKeys: new PrismaAccessKeyStore(database.prisma, database.provider),
    people: new PrismaPeopleStore(database.prisma, database.provider),
  };
  await assertRootKeyMatches({ store, keyring });
  return { ctx, store, close: () => database.close() };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

describe('SQLite online backup while another process writes', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('is one self-contained 0600 file that passes integrity_check and holds every row committed before it started', async () => {
    const scratch = await scratchDatabase('sqlite');
    cleanups.push(scratch.remove);
    const keyfort = await openKeyfort(scratch.options, newKeyring(), new FakeClock());
    cleanups.push(keyfort.close);
    const keyIds: string[] = [];
    for (let i = 0; i < 20; i++) keyIds.push((await createKey(keyfort.ctx, { actor, alias: uniqueAlias('backup'), origin: 'KMS' })).id);

    const file = resolveDatabaseTarget(scratch.options);
    if (file.provider !== 'sqlite') throw new Error('expected SQLite');
    const writer = startSqliteWriter(file.file);
    cleanups.push(writer.stop);
    await until(() => writer.committed() >= 200, 'the writer to commit 200 rows');
    const committedBefore = writer.committed();

    const backup = await backUp(scratch.options);
    // The writer went on after the backup, so it wrote throughout (it never waited for the backup to end).
    const committedAfterBackup = writer.committed();
    await until(() => writer.committed() > committedAfterBackup, 'the writer to commit after the backup');
    await writer.stop();

    expect(statSync(backup.file).mode & 0o777).toBe(0o600);
    expect(inspectSqliteBackup(backup.file)).toEqual({
      migrations: readLocalMigrations({ migrationsDir: defaultMigrationsDir('sqlite') }).length,
      migration: backup.migration,
      keys: keyIds.length,
    });
    expect(backup.keys).toBe(keyIds.length);
    const copy = new Database(backup.file, { readonly: true });
    try {
      // Rollback journal: the copy needs no -wal file beside it to be complete.
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const probes = (copy.prepare(`SELECT value FROM "SystemSetting" WHERE name LIKE 'backup-probe-%'`).all() as { value: string }[])
        .map((row) => Number(row.value))
        .sort((a, b) => a - b);
      // A snapshot: rows 1..n without a gap, n at least every row committed before the backup started.
      expect(probes.length).toBeGreaterThanOrEqual(committedBefore);
      expect(probes).toEqual(probes.map((_, index) => index + 1));
      const keys = (copy.prepare('SELECT id FROM "Key"').all() as { id: string }[]).map((row) => row.id).sort();
      expect(keys).toEqual([...keyIds].sort());
    } finally {
      copy.close();
    }
  });
});

// pg_dump is what `npm run backup` runs on PostgreSQL; the restore is the README's pg_restore.
(TEST_POSTGRES_URL ? describe : describe.skip)('PostgreSQL: pg_dump --format=custom, then pg_restore', () => {
  const keyring = newKeyring();
  const clock = new FakeClock();
  const cleanups: (() => Promise<void>)[] = [];
  let source: { options: TCreateDatabaseOptions; remove(): Promise<void> };
  let made: { kmsKey: string; external: string; alias: string; ciphertext: Buffer; externalCiphertext: Buffer };
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  beforeAll(async () => {
    const database = await emptyPostgresDatabase('source');
    source = { options: { databaseUrl: database.url, dataDir: '/nonexistent' }, remove: database.drop };
    cleanups.push(source.remove);
    const keyfort = await openKeyfort(source.options, keyring, clock);
    const alias = uniqueAlias('backup');
    const kmsKey = (await createKey(keyfort.ctx, { actor, alias, origin: 'KMS' })).id;
    const external = (await createKey(keyfort.ctx, { actor, alias: uniqueAlias('backup-external'), origin: 'EXTERNAL' })).id;
    await seedImportedMaterial({ ctx: keyfort.ctx, keyId: external, expiresAt: null });
    const ciphertext = (await encrypt(keyfort.ctx, { actor, keyRef: alias, plaintext })).ciphertextBlob;
    const externalCiphertext = (await encrypt(keyfort.ctx, { actor, keyRef: external, plaintext })).ciphertextBlob;
    await keyfort.close();
    made = { kmsKey, external, alias, ciphertext, externalCiphertext };
  });

  it('a fresh database restored from the dump: keys, versions and earlier ciphertexts decrypt with the same root key, not another', async () => {
    const original = await openKeyfort(source.options, keyring, clock);
    cleanups.push(original.close);
    const backup = await backUp(source.options);
    expect(statSync(backup.file).mode & 0o777).toBe(0o600);
    expect(backup).toMatchObject({ keys: 2, migrations: readLocalMigrations({ migrationsDir: defaultMigrationsDir('postgresql') }).length });

    const restored = await restoreFresh(backup, source.options);
    cleanups.push(restored.remove);
    // Nothing to migrate: the dump carries the migration history.
    expect(await migrateDatabase({ target: resolveDatabaseTarget(restored.options) })).toEqual([]);
    const keyfort = await openKeyfort(restored.options, keyring, clock);
    cleanups.push(keyfort.close);
    for (const keyId of [made.kmsKey, made.external]) {
      expect(await keyfort.store.findKey(keyId)).toEqual(await original.store.findKey(keyId));
      expect(await keyfort.store.listMaterialVersions(keyId)).toEqual(await original.store.listMaterialVersions(keyId));
    }
    expect((await describeKey(keyfort.ctx, { actor, keyRef: made.alias })).id).toBe(made.kmsKey);
    for (const blob of [made.ciphertext, made.externalCiphertext]) {
      expect((await decrypt(keyfort.ctx, { actor, ciphertextBlob: blob })).plaintext).toEqual(plaintext);
    }
    // Another root key is refused at start, before anything is written under it.
    await expect(openKeyfort(restored.options, newKeyring(), clock)).rejects.toBeInstanceOf(RootKeyMismatchError);
  });

  it('pg_restore --clean into the same database (Keyfort stopped) rewinds it to the dump', async () => {
    const backup = await backUp(source.options);
    const later = await openKeyfort(source.options, keyring, clock);
    const afterBackup = (await createKey(later.ctx, { actor, alias: uniqueAlias('after-backup'), origin: 'KMS' })).id;
    await later.close();

    pgRestore({ file: backup.file, url: source.options.databaseUrl!, clean: true });

    const keyfort = await openKeyfort(source.options, keyring, clock);
    cleanups.push(keyfort.close);
    expect(await keyfort.store.findKey(afterBackup)).toBeNull();
    expect((await decrypt(keyfort.ctx, { actor, ciphertextBlob: made.ciphertext })).plaintext).toEqual(plaintext);
  });
});

describeEachProvider('restoring an old backup: start-up enforces expiry and deletion dates before serving', (provider) => {
  const keyring = newKeyring();
  const clock = new FakeClock();
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('material valid at backup time and expired since is deleted, audited once, and the key is Pending import', async () => {
    const scratch = await scratchDatabase(provider);
    cleanups.push(scratch.remove);
    const live = await openKeyfort(scratch.options, keyring, clock);
    cleanups.push(live.close);
    const expiresAt = new Date(clock.now().getTime() + HOUR);
    const expiring = (await createKey(live.ctx, { actor, alias: uniqueAlias('shelf'), origin: 'EXTERNAL' })).id;
    await seedImportedMaterial({ ctx: live.ctx, keyId: expiring, expiresAt });
    const ciphertext = (await encrypt(live.ctx, { actor, keyRef: expiring, plaintext })).ciphertextBlob;
    const lasting = (await createKey(live.ctx, { actor, alias: uniqueAlias('shelf-lasting'), origin: 'KMS' })).id;
    const doomed = (await createKey(live.ctx, { actor, alias: uniqueAlias('shelf-doomed'), origin: 'KMS' })).id;
    await scheduleKeyDeletion(live.ctx, { actor: freshActor(clock), keyId: doomed, pendingWindowInDays: 7 });

    const backup = await backUp(scratch.options);
    // On the shelf past both dates; then restored and started.
    clock.advance({ days: 8 });
    const restored = await restoreFresh(backup, scratch.options);
    cleanups.push(restored.remove);
    const keyfort = await openKeyfort(restored.options, keyring, clock);
    cleanups.push(keyfort.close);
    // The backup holds the material as it was: usable, stored, Enabled.
    expect(await keyfort.store.findKey(expiring)).toMatchObject({ state: 'ENABLED', materialExpiresAt: expiresAt });
    expect((await keyfort.store.findKey(expiring))?.materialCiphertext).not.toBeNull();
    expect(await keyfort.store.findKey(doomed)).toMatchObject({ state: 'PENDING_DELETION' });

    const logged: string[] = [];
    await sweepOnStart(keyfort.ctx, (line) => logged.push(line));

    // Storage agrees before the first request: no sealed material left, the removal dated at the expiry instant.
    expect(await keyfort.store.findKey(expiring)).toMatchObject({ state: 'PENDING_IMPORT', materialCiphertext: null });
    const [version] = await keyfort.store.listMaterialVersions(expiring);
    expect(version).toMatchObject({ materialCiphertext: null, removedReason: 'EXPIRED', removedAt: expiresAt });
    expect(await keyfort.store.findKey(doomed)).toBeNull();
    expect((await describeKey(keyfort.ctx, { actor, keyRef: lasting })).state).toBe('ENABLED');
    expect((await describeKey(keyfort.ctx, { actor, keyRef: expiring })).state).toBe('PENDING_IMPORT');
    expect(await outcome(decrypt(keyfort.ctx, { actor, ciphertextBlob: ciphertext }))).toBe('INVALID_STATE');
    expect(logged.join('\n')).toContain(expiring);
    expect(logged.join('\n')).toContain(doomed);

    // A second start (or a second instance) finds nothing: each is audited once.
    await sweepOnStart(keyfort.ctx, (line) => logged.push(line));
    const audit = async (keyId: string, action: string) =>
      (await keyfort.store.listAudit({ keyId, page: 1, pageSize: 100 })).items.filter((event) => event.action === action && event.result === 'SUCCESS');
    const expiries = await audit(expiring, 'ExpireKeyMaterial');
    expect(expiries).toHaveLength(1);
    expect(expiries[0]).toMatchObject({ actorId: 'system', details: expect.objectContaining({ materialExpiresAt: expiresAt.toISOString(), toState: 'PENDING_IMPORT' }) });
    expect(await audit(doomed, 'PurgeKey')).toHaveLength(1);
  });

  it('a sweep that cannot finish (database locked or gone) stops start-up with an error, instead of serving', async () => {
    const scratch = await scratchDatabase(provider);
    const keyfort = await openKeyfort(scratch.options, keyring, clock);
    cleanups.push(keyfort.close);
    const target = resolveDatabaseTarget(scratch.options);
    let locker: Database.Database | undefined;
    if (target.provider === 'sqlite') {
      // Another process holding the write lock past the busy timeout: the sweep's writes cannot happen.
      locker = new Database(target.file);
      locker.exec('BEGIN EXCLUSIVE');
    } else {
      await scratch.remove();
    }
    try {
      await expect(sweepOnStart(keyfort.ctx, () => undefined)).rejects.toThrow(/start-up expiry sweep failed, not serving/);
    } finally {
      locker?.exec('ROLLBACK');
      locker?.close();
      await scratch.remove();
    }
  });
});
