import { randomUUID } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import type { Keyring } from '@/lib/kms';
import type { NewKey } from '@/lib/kms';
import type { DatabaseTarget } from '@/lib/db/target';

// Bulk seeding in plain SQL, in one transaction (Prisma's createMany is far too slow for 100,000 rows).
// The rows look like the domain's: sealed material for generated keys, states and origins in plausible
// proportions, one or two aliases per key. Deterministic apart from key IDs and nonces.

export interface SeededKey {
  key: NewKey;
  aliases: string[];
}

const TEAMS = ['payments', 'billing', 'identity', 'search', 'analytics', 'storage', 'edge', 'platform'];
const ENVIRONMENTS = ['prod', 'staging', 'dev'];
const YEAR_MS = 365 * 86_400_000;

/** mulberry32: a small seeded generator, so every run seeds the same shape. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateKeys(options: { count: number; now: Date; keyring: Keyring }): SeededKey[] {
  const next = random(42);
  const start = options.now.getTime() - 3 * YEAR_MS;
  const step = (3 * YEAR_MS) / options.count;
  const keys: SeededKey[] = [];
  let createdAt = new Date(start);
  for (let i = 0; i < options.count; i++) {
    // Every 50th key shares its predecessor's instant (bulk creation), so ties in the sort are exercised.
    if (i % 50 !== 1) createdAt = new Date(start + i * step + Math.floor(next() * step * 0.5));
    const id = randomUUID();
    const external = next() < 0.1;
    const roll = next();
    let state: NewKey['state'];
    let withMaterial = true;
    let materialExpiresAt: Date | null = null;
    if (!external) state = roll < 0.8 ? 'ENABLED' : roll < 0.92 ? 'DISABLED' : 'PENDING_DELETION';
    else if (roll < 0.5) [state, withMaterial] = ['PENDING_IMPORT', false];
    else {
      state = roll < 0.9 ? 'ENABLED' : 'DISABLED';
      // Some imported material expires: a year either side of now, so some has already expired.
      if (next() < 0.5) materialExpiresAt = new Date(options.now.getTime() + (next() * 2 - 1) * YEAR_MS);
    }
    let material: Pick<NewKey, 'materialCiphertext' | 'materialId'> = { materialCiphertext: null, materialId: null };
    if (withMaterial) {
      const plaintext = Buffer.alloc(32, i & 0xff); // never used for anything; only the row's shape matters
      material = {
        materialCiphertext: options.keyring.seal({ purpose: 'key-material', keyId: id, plaintext }),
        materialId: options.keyring.materialId({ keyId: id, material: plaintext }),
      };
    }
    const team = TEAMS[Math.floor(next() * TEAMS.length)]!;
    const environment = ENVIRONMENTS[Math.floor(next() * ENVIRONMENTS.length)]!;
    const aliases = [`${team}/svc-${String(i).padStart(6, '0')}/${environment}`];
    if (next() < 0.2) aliases.push(`legacy-${team}-${i}`);
    keys.push({
      key: {
        id,
        description: next() < 0.5 ? `${team} ${environment} key ${i}` : '',
        state,
        origin: external ? 'EXTERNAL' : 'KMS',
        createdAt,
        updatedAt: createdAt,
        deletionDate: state === 'PENDING_DELETION' ? new Date(options.now.getTime() + Math.ceil(next() * 30) * 86_400_000) : null,
        ...material,
        materialImportedAt: external && withMaterial ? createdAt : null,
        materialExpiresAt,
      },
      aliases,
    });
  }
  return keys;
}

const KEY_COLUMNS = [
  'id', 'description', 'state', 'origin', 'createdAt', 'updatedAt', 'deletionDate',
  'materialCiphertext', 'materialId', 'materialImportedAt', 'materialExpiresAt', 'version',
] as const;
const quotedColumns = KEY_COLUMNS.map((c) => `"${c}"`).join(', ');

/** Inserts the keys and aliases in one transaction, in the storage format Prisma's adapter uses. */
export async function seedKeys(target: DatabaseTarget, keys: SeededKey[]): Promise<void> {
  if (target.provider === 'sqlite') return seedSqlite(target.file, keys);
  return seedPostgresql(target.url, keys);
}

/** A key's column values in KEY_COLUMNS order, dates and bytes in the provider's storage form. */
function keyValues(k: NewKey, date: (d: Date | null) => string | null, bytes: (b: Uint8Array) => unknown): unknown[] {
  const material = k.materialCiphertext ? bytes(k.materialCiphertext) : null;
  return [k.id, k.description, k.state, k.origin, date(k.createdAt), date(k.updatedAt), date(k.deletionDate),
    material, k.materialId, date(k.materialImportedAt), date(k.materialExpiresAt), 0];
}

function seedSqlite(file: string, keys: SeededKey[]): void {
  // Prisma's better-sqlite3 adapter stores DateTime as ISO 8601 text with an explicit +00:00 offset.
  const date = (d: Date | null) => (d ? d.toISOString().replace('Z', '+00:00') : null);
  const db = new Sqlite(file);
  try {
    db.pragma('synchronous = OFF'); // this seeding connection only; the application's connections keep FULL
    const insertKey = db.prepare(`INSERT INTO "Key" (${quotedColumns}) VALUES (${KEY_COLUMNS.map(() => '?').join(', ')})`);
    const insertAlias = db.prepare(`INSERT INTO "Alias" ("name", "keyId", "createdAt") VALUES (?, ?, ?)`);
    db.transaction(() => {
      for (const { key, aliases } of keys) {
        insertKey.run(...keyValues(key, date, (b) => b));
        for (const alias of aliases) insertAlias.run(alias, key.id, date(key.createdAt));
      }
    })();
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}

async function seedPostgresql(url: string, keys: SeededKey[]): Promise<void> {
  // timestamp(3) without time zone holding UTC, as Prisma writes it: pass UTC wall-clock text, not a Date
  // (node-pg would convert a Date to the process's local time).
  const date = (d: Date | null) => (d ? d.toISOString().replace('T', ' ').replace('Z', '') : null);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const insertRows = async (table: string, columns: string, width: number, rows: unknown[][]) => {
    const placeholders = rows.map((_, r) => `(${Array.from({ length: width }, (_, c) => `$${r * width + c + 1}`).join(', ')})`);
    await client.query(`INSERT INTO "${table}" (${columns}) VALUES ${placeholders.join(', ')}`, rows.flat());
  };
  try {
    await client.query('BEGIN');
    const BATCH = 1000; // 12 parameters a row: well under PostgreSQL's 65,535 per statement
    for (let i = 0; i < keys.length; i += BATCH) {
      const batch = keys.slice(i, i + BATCH);
      await insertRows('Key', quotedColumns, KEY_COLUMNS.length, batch.map(({ key }) => keyValues(key, date, (b) => Buffer.from(b))));
      const aliasRows = batch.flatMap(({ key, aliases }) => aliases.map((alias) => [alias, key.id, date(key.createdAt)]));
      await insertRows('Alias', '"name", "keyId", "createdAt"', 3, aliasRows);
    }
    await client.query('COMMIT');
    // Autovacuum would vacuum and analyze tables this size within a minute (statistics, visibility map for
    // index-only scans); measure that steady state, not the minute after a bulk load.
    await client.query('VACUUM ANALYZE "Key", "Alias"');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
