// `npm run backup` against the running listener's data folder, restored into a new one after the material in it
// expired, and a real API listener started there: its start-up removes the material before the first answer.
import { DecryptCommand, DescribeKeyCommand, EncryptCommand } from '@aws-sdk/client-kms';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createKey, expectKmsError, kmsClient, waitUntil } from './support/client';
import { importParameters, sendImport } from './support/import-attempts';
import { wrapWithOpenssl } from './support/openssl';
import { PROJECT_ROOT, type RunningServer, startApiServer } from './support/server';

const client = kmsClient();
const plaintext = Buffer.from('sealed before the backup');
/** Long enough for the import call to land before it; the test then waits for it to pass. */
const EXPIRES_IN_MS = 6_000;

/** `npm run backup -- <file>` as npm runs it (node scripts/backup.mjs), for the given data folder only. */
function runBackup(dataDir: string, file: string) {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) if (name.startsWith('KEYFORT_') || name === 'DATABASE_URL') delete env[name];
  // globalSetup built the bundle a moment ago.
  Object.assign(env, { KEYFORT_DATA_DIR: dataDir, KEYFORT_SKIP_BUILD: '1' });
  return spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'scripts', 'backup.mjs'), file], { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
}

function storedKey(file: string, keyId: string) {
  const db = new Database(file, { readonly: true });
  try {
    const key = db.prepare('SELECT state, materialCiphertext IS NOT NULL AS sealed FROM "Key" WHERE id = ?').get(keyId) as { state: string; sealed: number };
    const expiries = (db.prepare(`SELECT count(*) AS n FROM "AuditEvent" WHERE "keyId" = ? AND action = 'ExpireKeyMaterial' AND result = 'SUCCESS'`).get(keyId) as { n: number }).n;
    return { state: key.state, sealed: key.sealed === 1, expiries };
  } finally {
    db.close();
  }
}

describe('a backup restored after its material expired', () => {
  const folders: string[] = [];
  let restored: RunningServer | undefined;
  afterAll(async () => {
    await restored?.stop();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('the listener started on it removes the material at start-up, audits it once, and its first answer is PendingImport', async () => {
    const keyfort = inject('keyfort');
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'backup then expiry' });
    const parameters = await importParameters(client, KeyId);
    const wrapped = wrapWithOpenssl({ publicKeyDer: parameters.publicKey, material: randomBytes(32) });
    const validTo = new Date(Date.now() + EXPIRES_IN_MS);
    await sendImport(client, { keyId: KeyId, importToken: parameters.importToken, wrapped, validTo });
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: plaintext }));

    // Online, from the listener's live data folder.
    const shelf = mkdtempSync(path.join(tmpdir(), 'keyfort-backup-shelf-'));
    folders.push(shelf);
    const backupFile = path.join(shelf, 'keyfort-backup.db');
    const backup = runBackup(keyfort.dataDir, backupFile);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain(`Backup written: ${backupFile}`);
    expect(backup.stdout).toMatch(/Verified: integrity_check ok, migrations \d+ \(latest \d+_\w+\), keys \d+/);
    expect(backup.stdout).toContain('Root key: NOT in this backup');
    expect(statSync(backupFile).mode & 0o777).toBe(0o600);
    // The backup holds the material sealed and the key Enabled, as they were stored.
    expect(storedKey(backupFile, KeyId)).toEqual({ state: 'ENABLED', sealed: true, expiries: 0 });

    // On the shelf until the expiry instant has passed; then restored into a new data folder, same root key.
    await waitUntil(async () => Date.now() > validTo.getTime(), { withinMs: EXPIRES_IN_MS + 30_000, everyMs: 100 });
    const dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-restored-'));
    folders.push(dataDir);
    copyFileSync(backupFile, path.join(dataDir, 'keyfort.db'));
    chmodSync(path.join(dataDir, 'keyfort.db'), 0o600);
    restored = await startApiServer({ dataDir, rootKeyBase64: keyfort.rootKeyBase64 });

    // The API listener runs no background jobs: only its start-up, before it listened, can have done this.
    expect(storedKey(path.join(dataDir, 'keyfort.db'), KeyId)).toEqual({ state: 'PENDING_IMPORT', sealed: false, expiries: 1 });
    const output = restored.output();
    // The shared listener's folder may hold other tests' keys whose material expired as well: this key is among them.
    const sweepLine = output.split('\n').find((line) => line.includes('material expired while stopped removed from'));
    expect(sweepLine, output).toContain(KeyId);
    expect(output.indexOf(KeyId)).toBeLessThan(output.indexOf('Keyfort AWS API listening'));

    const restoredClient = kmsClient({ endpoint: restored.endpoint });
    const { KeyMetadata } = await restoredClient.send(new DescribeKeyCommand({ KeyId }));
    expect(KeyMetadata?.KeyState).toBe('PendingImport');
    await expectKmsError(restoredClient.send(new DecryptCommand({ CiphertextBlob })), 'KMSInvalidStateException');
    await expectKmsError(restoredClient.send(new EncryptCommand({ KeyId, Plaintext: plaintext })), 'KMSInvalidStateException');
  });
});
