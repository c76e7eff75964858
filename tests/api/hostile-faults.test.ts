// Faults (issue 9's catalogue, SPEC §9–§10), on a server of this file's own (its output is read): the
// database files and the server's logs hold no secret in any encoding, and a wrong root key refuses to
// start and writes nothing.
import { DecryptCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectKmsError, kmsClient } from './support/client';
import { importParameters, sendImport } from './support/import-attempts';
import { wrapWithOpenssl } from './support/openssl';
import { randomAccessKey, randomRootKeyBase64, startApiServer, type RunningServer } from './support/server';

const rootKeyBase64 = randomRootKeyBase64();
const administrator = randomAccessKey('KFFAULTS');
let dataDir: string;
let server: RunningServer | undefined;
let client: KMSClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-faults-'));
  server = await startApiServer({ dataDir, rootKeyBase64, bootstrap: administrator });
  client = kmsClient({ endpoint: server.endpoint, ...administrator });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file below the data folder (the SQLite database, its -wal and -shm, anything else written there). */
function dataFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(dataDir);
  return files.sort();
}

const pick = (record: Record<string, string>, keys: string[]) => Object.fromEntries(keys.map((key) => [key, record[key]]));

/** The forms a secret could be written in: raw, base64, base64url, hex (both cases). */
function encodings(secret: Buffer): Buffer[] {
  return [
    secret,
    Buffer.from(secret.toString('base64')),
    Buffer.from(secret.toString('base64url')),
    Buffer.from(secret.toString('hex')),
    Buffer.from(secret.toString('hex').toUpperCase()),
  ];
}

/** Names of the secrets (and the encoding) found anywhere in `haystack`. */
function secretsIn(haystack: Buffer, secrets: Record<string, Buffer>): string[] {
  const encodingNames = ['raw', 'base64', 'base64url', 'hex', 'HEX'];
  return Object.entries(secrets).flatMap(([name, secret]) =>
    encodings(secret).flatMap((encoded, i) => (haystack.includes(encoded) ? [`${name} (${encodingNames[i]})`] : [])),
  );
}

describe('no secret at rest or in the logs', () => {
  it('keeps imported material, plaintexts, import tokens, the access key secret and the root key out of the database files and the output', async () => {
    const material = randomBytes(32);
    const plaintext = randomBytes(48);
    const { KeyId } = await createKey(client, { Origin: 'EXTERNAL' });
    const first = await importParameters(client, KeyId);
    await sendImport(client, { keyId: KeyId, importToken: first.importToken, wrapped: wrapWithOpenssl({ publicKeyDer: first.publicKey, material }) });
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: plaintext, EncryptionContext: { purpose: 'faults' } }));
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { purpose: 'faults' } }));
    expect(Buffer.from(decrypted.Plaintext!)).toEqual(plaintext);

    // Failures too: they are logged and audited, and must not carry what the request held.
    const second = await importParameters(client, KeyId);
    const otherMaterial = randomBytes(32);
    await expectKmsError(
      sendImport(client, { keyId: KeyId, importToken: second.importToken, wrapped: wrapWithOpenssl({ publicKeyDer: second.publicKey, material: otherMaterial }) }),
      'IncorrectKeyMaterialException',
    );
    await expectKmsError(sendImport(client, { keyId: KeyId, importToken: first.importToken, wrapped: randomBytes(256) }), 'InvalidImportTokenException');
    await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob, EncryptionContext: { purpose: 'other' } })), 'InvalidCiphertextException');
    const running = server!;
    server = undefined;
    await running.stop();

    const secrets = {
      material,
      otherMaterial,
      plaintext,
      firstToken: Buffer.from(first.importToken),
      secondToken: Buffer.from(second.importToken),
      secretAccessKey: Buffer.from(administrator.secretAccessKey),
      rootKey: Buffer.from(rootKeyBase64, 'base64'),
    };
    const files = dataFiles();
    expect(files.some((file) => file.endsWith('.db') || file.endsWith('.sqlite'))).toBe(true);
    for (const file of files) expect(secretsIn(readFileSync(file), secrets), file).toEqual([]);
    const output = running.output();
    expect(output).toContain('listening');
    expect(secretsIn(Buffer.from(output), secrets), output).toEqual([]);
  });
});

describe('a wrong root key', () => {
  it('refuses to start on an existing data folder, says why, and leaves every database file byte for byte', async () => {
    await server?.stop();
    server = undefined;
    const hashes = () => Object.fromEntries(dataFiles().map((file) => [file, createHash('sha256').update(readFileSync(file)).digest('hex')]));
    const before = hashes();
    expect(Object.keys(before).length).toBeGreaterThan(0);

    const refused = await startApiServer({ dataDir, rootKeyBase64: randomRootKeyBase64() }).then(
      async (started) => {
        await started.stop();
        return 'started';
      },
      (error: Error) => error.message,
    );
    expect(refused).toContain('server exited before it was ready');
    expect(refused).toContain('The root key does not match the one this database was initialised with');
    // Every file that was there is unchanged. Opening the database in WAL mode may leave SQLite's own
    // companions behind: a -wal with no frame in it (nothing was written) and the -shm index of that WAL.
    const after = hashes();
    expect(pick(after, Object.keys(before))).toEqual(before);
    for (const added of Object.keys(after).filter((file) => !(file in before))) {
      if (added.endsWith('-wal')) expect(statSync(added).size, added).toBe(0);
      else expect(added).toMatch(/-shm$/);
    }

    // The right key still opens the same folder, and Keyfort works on it.
    server = await startApiServer({ dataDir, rootKeyBase64 });
    const again = kmsClient({ endpoint: server.endpoint, ...administrator });
    const { KeyId } = await createKey(again);
    const { CiphertextBlob } = await again.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('same folder') }));
    expect(Buffer.from((await again.send(new DecryptCommand({ CiphertextBlob }))).Plaintext!).toString()).toBe('same folder');
  });
});
