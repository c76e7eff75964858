import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface LocalMigration {
  /** Folder name, e.g. 20260101000000_init; folders sort in the order they must run. */
  name: string;
  script: string;
  /** SHA-256 (hex) of migration.sql's bytes, as Prisma records it. */
  checksum: string;
}

/** The migration folders of prisma/<provider>/migrations, in Prisma's layout and order. */
export function readLocalMigrations(options: { migrationsDir: string }): LocalMigration[] {
  const names = readdirSync(options.migrationsDir)
    .filter((name) => statSync(path.join(options.migrationsDir, name)).isDirectory())
    .sort();
  return names.map((name) => {
    const bytes = readFileSync(path.join(options.migrationsDir, name, 'migration.sql'));
    return { name, script: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') };
  });
}
