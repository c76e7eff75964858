import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@/lib/db/client';
import { PrismaAccessKeyStore } from '@/lib/db/prisma-access-key-store';
import { PrismaKeyStore } from '@/lib/db/prisma-key-store';
import { PrismaPeopleStore } from '@/lib/db/prisma-people-store';
import { resolveDatabaseTarget } from '@/lib/db/target';
import { cancelKeyDeletion, createKey, disableKey, scheduleKeyDeletion, type KmsContext } from '@/lib/kms';
import { scratchDatabase } from './support/databases';
import { createTestKeyPairs } from '@/lib/kms/testing/test-key-pairs';
import { newClock, newKeyring } from './support/domain-context';
import { TEST_ACTOR as actor, uniqueAlias } from './support/keys';

// Generated material must be on disk only sealed. The plaintext is recovered through the keyring (the
// only way the application can get it), then searched for in the raw bytes of the SQLite file and its WAL.

/** Every way plaintext bytes could plausibly end up stored: raw, hex, base64. */
function encodings(material: Buffer): Record<string, Buffer> {
  const text = (s: string) => Buffer.from(s, 'utf8');
  return {
    raw: material,
    hex: text(material.toString('hex')),
    HEX: text(material.toString('hex').toUpperCase()),
    base64: text(material.toString('base64').replace(/=+$/, '')),
    base64url: text(material.toString('base64url')),
  };
}

describe('generated key material at rest (sqlite)', () => {
  let database: Database;
  let remove: () => Promise<void>;
  let ctx: KmsContext;
  let files: string[];

  beforeAll(async () => {
    const scratch = await scratchDatabase('sqlite');
    remove = scratch.remove;
    database = await createDatabase(scratch.options);
    const store = new PrismaKeyStore(database.prisma, database.provider);
    const accessKeys = new PrismaAccessKeyStore(database.prisma, database.provider);
    const people = new PrismaPeopleStore(database.prisma, database.provider);
    ctx = { store, clock: newClock(), keyring: newKeyring(), keyPairs: createTestKeyPairs(), accessKeys, people };
    const target = resolveDatabaseTarget(scratch.options);
    if (target.provider !== 'sqlite') throw new Error('expected the embedded SQLite database');
    files = [target.file, `${target.file}-wal`];
  });

  afterAll(async () => {
    await database?.close();
    await remove?.();
  });

  const diskBytes = () => Buffer.concat(files.filter(existsSync).map((file) => readFileSync(file)));

  it('holds no plaintext material in the database file or its WAL, before or after a checkpoint', async () => {
    const keys = [];
    for (let i = 0; i < 5; i++) {
      const key = await createKey(ctx, { actor, alias: uniqueAlias('at-rest'), origin: 'KMS', description: `key ${i}` });
      // Later writes rewrite the row (and its page), so old and new page images both land in the WAL.
      await disableKey(ctx, { actor, keyId: key.id });
      await scheduleKeyDeletion(ctx, { actor, keyId: key.id });
      await cancelKeyDeletion(ctx, { actor, keyId: key.id });
      keys.push(key);
    }

    const secrets: { id: string; sealed: Buffer; material: Buffer }[] = [];
    for (const key of keys) {
      const sealed = (await ctx.store.findKey(key.id))!.materialCiphertext!;
      const material = ctx.keyring.open({ purpose: 'key-material', keyId: key.id, sealed });
      // It really is the key's material: the stored material ID is the MAC of exactly these bytes.
      expect(material).toHaveLength(32);
      expect(ctx.keyring.materialId({ keyId: key.id, material })).toBe(key.material.materialId);
      secrets.push({ id: key.id, sealed: Buffer.from(sealed), material });
    }

    const check = (stage: string) => {
      const disk = diskBytes();
      for (const { id, sealed, material } of secrets) {
        // Control: the search does see the rows (the sealed value is there), so a miss below means something.
        expect(disk.includes(sealed), `${stage}: sealed material of ${id} on disk`).toBe(true);
        for (const [name, needle] of Object.entries(encodings(material))) {
          expect(disk.includes(needle), `${stage}: ${name} plaintext of ${id} on disk`).toBe(false);
        }
      }
    };

    check('before checkpoint');
    await database.prisma.$queryRawUnsafe('PRAGMA wal_checkpoint(TRUNCATE)');
    expect(readFileSync(files[0]!).includes(secrets[0]!.sealed)).toBe(true); // the pages moved to the main file
    check('after checkpoint');
  });
});
