import { describe, expect, it } from 'vitest';
import type { LocalMigration } from './local-migrations';
import { type AppliedMigrationRow, MigrationError, missingMigrations, pendingMigrations } from './migration-plan';

const local: LocalMigration[] = [
  { name: '20260101000000_init', script: '', checksum: 'a'.repeat(64) },
  { name: '20260201000000_more', script: '', checksum: 'b'.repeat(64) },
];
const applied = (row: Partial<AppliedMigrationRow> & { migration_name: string }): AppliedMigrationRow => ({
  checksum: local.find((m) => m.name === row.migration_name)?.checksum ?? 'f'.repeat(64),
  finished_at: new Date(),
  rolled_back_at: null,
  ...row,
});

describe('pendingMigrations', () => {
  it('returns the local migrations not yet applied, in folder order', () => {
    expect(pendingMigrations({ local, applied: [] }).map((m) => m.name)).toEqual(local.map((m) => m.name));
    expect(pendingMigrations({ local, applied: [applied({ migration_name: local[0]!.name })] })).toEqual([local[1]]);
  });

  it('refuses when an applied migration was edited afterwards (checksum mismatch)', () => {
    const rows = [applied({ migration_name: local[0]!.name, checksum: 'c'.repeat(64) })];
    expect(() => pendingMigrations({ local, applied: rows })).toThrow(MigrationError);
  });

  it('refuses a database migrated by a newer version (an applied migration unknown here)', () => {
    const rows = [applied({ migration_name: '20270101000000_future' })];
    expect(() => pendingMigrations({ local, applied: rows })).toThrow(/does not know/);
  });

  it('refuses while a migration that started (e.g. by prisma migrate deploy) never finished', () => {
    const rows = [applied({ migration_name: local[0]!.name, finished_at: null })];
    expect(() => pendingMigrations({ local, applied: rows })).toThrow(/did not finish/);
  });

  it('ignores rows marked rolled back, as Prisma does, and applies the migration again', () => {
    const rows = [applied({ migration_name: local[0]!.name, finished_at: null, rolled_back_at: new Date() })];
    expect(pendingMigrations({ local, applied: rows }).map((m) => m.name)).toEqual(local.map((m) => m.name));
  });
});

describe('missingMigrations', () => {
  it('lists what this build ships but the history lacks, without refusing what pendingMigrations refuses', () => {
    expect(missingMigrations({ local, applied: [applied({ migration_name: local[0]!.name })] })).toEqual([local[1]]);
    const newer = [...local.map((m) => applied({ migration_name: m.name })), applied({ migration_name: '20270101000000_future' })];
    expect(missingMigrations({ local, applied: newer })).toEqual([]);
  });

  it('counts an unfinished or rolled-back migration as missing (a restored old backup reads as not ready)', () => {
    const rows = [applied({ migration_name: local[0]!.name, finished_at: null }), applied({ migration_name: local[1]!.name, rolled_back_at: new Date() })];
    expect(missingMigrations({ local, applied: rows })).toEqual(local);
  });
});
