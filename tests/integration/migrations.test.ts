import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { migrateDatabase, MigrationError } from '@/lib/db/migrate';
import { defaultMigrationsDir, type DatabaseProvider, resolveDatabaseTarget } from '@/lib/db/target';
import { describeEachProvider, scratchDatabase } from './support/databases';
import { queryRows } from './support/raw-sql';

interface MigrationRow {
  id: string;
  checksum: string;
  migration_name: string;
  finished_at: unknown;
  rolled_back_at: unknown;
  logs: string | null;
  applied_steps_count: number | string;
}

const removals: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const remove of removals.splice(0)) await remove();
});

async function emptyTarget(provider: DatabaseProvider) {
  const scratch = await scratchDatabase(provider);
  removals.push(scratch.remove);
  return resolveDatabaseTarget(scratch.options);
}

/** A copy of the committed migrations that a test may change. */
function copyOfMigrations(provider: DatabaseProvider): string {
  const parent = mkdtempSync(path.join(tmpdir(), 'keyfort-migrations-'));
  removals.push(async () => rmSync(parent, { recursive: true, force: true }));
  const dir = path.join(parent, 'migrations');
  cpSync(defaultMigrationsDir(provider), dir, { recursive: true });
  return dir;
}

function committedMigrations(provider: DatabaseProvider): { name: string; checksum: string }[] {
  const dir = defaultMigrationsDir(provider);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => ({
      name,
      checksum: createHash('sha256').update(readFileSync(path.join(dir, name, 'migration.sql'))).digest('hex'),
    }));
}

describeEachProvider('migrations', (provider) => {
  it('applies every committed migration once and records it in _prisma_migrations as Prisma does', async () => {
    const target = await emptyTarget(provider);
    const expected = committedMigrations(provider);
    expect(expected.length).toBeGreaterThan(0);

    expect(await migrateDatabase({ target })).toEqual(expected.map((m) => m.name));
    expect(await migrateDatabase({ target })).toEqual([]);

    const rows = await queryRows<MigrationRow>(target, 'SELECT * FROM _prisma_migrations ORDER BY migration_name');
    expect(rows.map((row) => ({ name: row.migration_name, checksum: row.checksum }))).toEqual(expected);
    for (const row of rows) {
      expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(row.finished_at).not.toBeNull();
      expect(row.rolled_back_at).toBeNull();
      expect(row.logs).toBeNull();
      expect(Number(row.applied_steps_count)).toBe(1);
    }
  });

  it('refuses to start when an applied migration.sql has been modified', async () => {
    const target = await emptyTarget(provider);
    const migrationsDir = copyOfMigrations(provider);
    await migrateDatabase({ target, migrationsDir });
    const [first] = committedMigrations(provider);
    appendFileSync(path.join(migrationsDir, first!.name, 'migration.sql'), '\n-- edited after release\n');

    await expect(migrateDatabase({ target, migrationsDir })).rejects.toThrow(MigrationError);
    await expect(migrateDatabase({ target, migrationsDir })).rejects.toThrow(/modified after it was applied/);
  });

  it('rolls a failing migration back whole and records nothing, so a fixed version can retry', async () => {
    const target = await emptyTarget(provider);
    const migrationsDir = copyOfMigrations(provider);
    const broken = path.join(migrationsDir, '99990101000000_broken');
    mkdirSync(broken);
    writeFileSync(path.join(broken, 'migration.sql'), 'CREATE TABLE "Partial" ("id" TEXT);\nCREATE TABLE "Key" ("id" TEXT);\n');

    await expect(migrateDatabase({ target, migrationsDir })).rejects.toThrow();

    const tables = await queryRows<{ name: string }>(
      target,
      provider === 'sqlite'
        ? `SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'Partial'`
        : `SELECT table_name AS name FROM information_schema.tables WHERE table_name = 'Partial'`,
    );
    expect(tables).toEqual([]);
    const rows = await queryRows<MigrationRow>(target, 'SELECT * FROM _prisma_migrations');
    expect(rows.map((row) => row.migration_name)).toEqual(committedMigrations(provider).map((m) => m.name));
  });

  it('applies each migration exactly once when several instances start at the same time', async () => {
    const target = await emptyTarget(provider);
    const results = await Promise.all([1, 2, 3, 4].map(() => migrateDatabase({ target })));

    const names = committedMigrations(provider).map((m) => m.name);
    expect(results.flat().sort()).toEqual(names);
    const rows = await queryRows<MigrationRow>(target, 'SELECT * FROM _prisma_migrations');
    expect(rows).toHaveLength(names.length);
  });
});
