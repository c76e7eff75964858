import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Database } from '@/lib/db/client';
import { defaultMigrationsDir, type DatabaseProvider } from '@/lib/db/target';

// The release before material versions (SPEC §11), for the migration test: its schema and its Key rows.

export const VERSIONS_MIGRATION = '20261204074304_material_versions';

/** The committed migrations up to, not including, the material versions one: the previous release's schema. */
export function previousReleaseMigrations(provider: DatabaseProvider): { dir: string; remove: () => void } {
  const parent = mkdtempSync(path.join(tmpdir(), 'keyfort-previous-'));
  const dir = path.join(parent, 'migrations');
  cpSync(defaultMigrationsDir(provider), dir, { recursive: true });
  for (const name of readdirSync(dir)) if (name >= VERSIONS_MIGRATION && !name.endsWith('.toml')) rmSync(path.join(dir, name), { recursive: true });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

export interface OldKey {
  id: string;
  origin: 'KMS' | 'EXTERNAL';
  state: string;
  material: Buffer | null;
  materialId: string | null;
  sealed: Uint8Array | null;
  importedAt: Date | null;
  expiresAt: Date | null;
  removedReason: 'DELETED' | null;
  removedAt: Date | null;
}

/** The Key row as the previous release wrote it: no rotation columns, no versions. */
export async function writeOldKey(database: Database, key: OldKey): Promise<void> {
  const columns = ['id', 'description', 'state', 'origin', 'createdAt', 'updatedAt', 'materialCiphertext', 'materialId', 'materialImportedAt', 'materialExpiresAt', 'materialRemovedReason', 'materialRemovedAt'];
  const values = [key.id, 'from the previous release', key.state, key.origin, new Date('2029-06-01T00:00:00.000Z'), new Date('2029-06-02T00:00:00.000Z'), key.sealed && Buffer.from(key.sealed), key.materialId, key.importedAt, key.expiresAt, key.removedReason, key.removedAt];
  const placeholders = columns.map((_, i) => (database.provider === 'postgresql' ? `$${i + 1}` : '?')).join(', ');
  await database.prisma.$executeRawUnsafe(`INSERT INTO "Key" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${placeholders})`, ...values);
}
