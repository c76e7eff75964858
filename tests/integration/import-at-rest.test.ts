import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { resolveDatabaseTarget, type DatabaseTarget } from '@/lib/db/target';
import { createKey } from '@/lib/kms';
import { getImportParameters } from '@/lib/kms';
import { importKeyMaterial } from '@/lib/kms';
import { hashImportToken, openTokenPrivateKey } from '@/lib/kms';
import { wrapKeyMaterial } from '@/lib/kms/testing/wrap-key-material';
import { forEachDatabase } from './support/databases';
import { importInstances } from './support/import-context';
import { TEST_ACTOR, uniqueAlias } from './support/keys';
import { queryRows } from './support/raw-sql';

/** Every byte the database holds: the SQLite file and its WAL, or every PostgreSQL row as JSON (bytea as hex). */
async function everythingStored(target: DatabaseTarget): Promise<Buffer> {
  if (target.provider === 'sqlite') {
    const files = [target.file, `${target.file}-wal`].filter((file) => existsSync(file));
    return Buffer.concat(files.map((file) => readFileSync(file)));
  }
  const tables = await queryRows<{ name: string }>(
    target,
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`,
  );
  const dump = (table: string) => queryRows<{ row: string }>(target, `SELECT row_to_json(t)::text AS row FROM "${table}" t`);
  const rows = await Promise.all(tables.map(({ name }) => dump(name)));
  return Buffer.from(rows.flat().map((r) => r.row).join('\n'), 'utf8');
}

/** The value as raw bytes and in every text form a leak would likely take. */
const forms = (value: Buffer): Buffer[] => [
  value,
  ...[value.toString('hex'), value.toString('hex').toUpperCase(), value.toString('base64'), value.toString('base64url')].map((text) =>
    Buffer.from(text, 'utf8'),
  ),
];

forEachDatabase('imported material at rest', (db) => {
  it('the database holds no plaintext material, import token or token private key, in any encoding', async () => {
    const { instances } = await importInstances(db(), 1);
    const { ctx } = instances[0]!;
    const material = randomBytes(32);
    const { id: keyId } = await createKey(ctx, { actor: TEST_ACTOR, alias: uniqueAlias('at-rest'), origin: 'EXTERNAL' });
    const p = await getImportParameters(ctx, { actor: TEST_ACTOR, keyId, wrappingKeySpec: 'RSA_2048' });
    const token = await ctx.store.transaction((tx) => tx.findImportTokenByHash(hashImportToken(p.importToken)));
    const privateKey = openTokenPrivateKey({ keyring: ctx.keyring, token: token!, sealed: token!.privateKeyCiphertext! });
    const encryptedKeyMaterial = wrapKeyMaterial({ publicKey: p.publicKeyDer, algorithm: p.wrappingAlgorithm, material });
    const view = await importKeyMaterial(ctx, {
      actor: TEST_ACTOR,
      keyId,
      importToken: p.importToken,
      encryptedKeyMaterial,
      expiration: { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' },
    });

    const stored = await everythingStored(resolveDatabaseTarget(db().options));

    // The search works: what is meant to be stored (public key, material ID) is found.
    expect(stored.includes(Buffer.from(view.material.materialId!, 'utf8'))).toBe(true);
    expect(forms(p.publicKeyDer).some((form) => stored.includes(form))).toBe(true);
    for (const secret of [material, p.importToken, privateKey, encryptedKeyMaterial]) {
      for (const form of forms(secret)) expect(stored.includes(form)).toBe(false);
    }
  });
});
