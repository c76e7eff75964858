// API workers killed with SIGKILL (issue 9): no client is left hanging, the primary restarts them with
// backoff and says why, never gives up, and no key is left half-imported. Servers of their own, on the
// shared data folder, so the kills disturb no other test.
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, GetParametersForImportCommand, ImportKeyMaterialCommand, ListKeysCommand, type KMSClient } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, kmsClient, waitUntil } from './support/client';
import { openInProcess } from './support/domain';
import { wrapWithOpenssl } from './support/openssl';
import { startApiServer, type RunningServer } from './support/server';

const IMPORTS = 24;
/** Killed workers' clients are answered or disconnected at once; queued ones wait for new workers (1–2 s backoff, start-up on a busy machine). */
const SETTLED_WITHIN_MS = 20_000;
const BACK_WITHIN_MS = 60_000;

let twoWorkers: RunningServer;
let crashLoop: RunningServer;

beforeAll(async () => {
  const { dataDir, rootKeyBase64 } = inject('keyfort');
  [twoWorkers, crashLoop] = await Promise.all([
    startApiServer({ dataDir, rootKeyBase64, env: { KEYFORT_API_WORKERS: '2' } }),
    startApiServer({ dataDir, rootKeyBase64, env: { KEYFORT_API_WORKERS: '2' } }),
  ]);
});

afterAll(async () => {
  await Promise.all([twoWorkers?.stop(), crashLoop?.stop()]);
});

function workerPids(server: RunningServer): number[] {
  try {
    return readFileSync(`/proc/${server.pid}/task/${server.pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function serves(client: KMSClient): Promise<boolean> {
  try {
    await client.send(new ListKeysCommand({ Limit: 1 }));
    return true;
  } catch {
    return false;
  }
}

/** The workers' pids once `count` of them are up and the listener answers. */
async function waitForWorkers(server: RunningServer, client: KMSClient, count: number): Promise<number[]> {
  await waitUntil(async () => workerPids(server).length === count && (await serves(client)), { withinMs: BACK_WITHIN_MS, everyMs: 100 });
  return workerPids(server);
}

const restartLines = (server: RunningServer) => server.output().match(/API worker \d+ stopped unexpectedly \(killed by SIGKILL\); starting a new one in \d+ s/g) ?? [];

describe('API workers killed with SIGKILL', () => {
  it(`during ${IMPORTS} concurrent imports: every request is answered or disconnected, the workers come back, and every key is either imported with its material or still pending with a usable token`, async () => {
    const client = kmsClient({ endpoint: twoWorkers.endpoint });
    const workers = await waitForWorkers(twoWorkers, client, 2);
    // One after another: only the imports race. (Parallel requests for wrapping keys would meet the key pair
    // pool's bound on waiting callers, ThrottlingException, which is not what this test is about.)
    const imports = [];
    for (let i = 0; i < IMPORTS; i++) {
      const { KeyId } = await createKey(client, { Origin: 'EXTERNAL', Description: 'worker kill during import' });
      const parameters = await client.send(new GetParametersForImportCommand({ KeyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }));
      imports.push({ keyId: KeyId, material: randomBytes(32), importToken: parameters.ImportToken!, publicKey: parameters.PublicKey! });
    }
    const requests = imports.map(({ keyId, material, importToken, publicKey }) => {
      const input = { KeyId: keyId, ImportToken: importToken, EncryptedKeyMaterial: wrapWithOpenssl({ publicKeyDer: publicKey, material }), ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const };
      return { input, outcome: client.send(new ImportKeyMaterialCommand(input)) };
    });

    // Once the first import is through, the others are being served or queued: kill both workers now.
    await Promise.race(requests.map(({ outcome }) => outcome.catch(() => undefined)));
    for (const pid of workers) process.kill(pid, 'SIGKILL');
    const settled = Promise.allSettled(requests.map(({ outcome }) => outcome));
    const hanging = new Promise<'hanging'>((resolve) => setTimeout(() => resolve('hanging'), SETTLED_WITHIN_MS).unref());
    expect(await Promise.race([settled.then(() => 'settled'), hanging]), `a client request still had no answer ${SETTLED_WITHIN_MS} ms after the kill`).toBe('settled');

    const back = await waitForWorkers(twoWorkers, client, 2);
    expect(back.some((pid) => workers.includes(pid))).toBe(false);
    expect(restartLines(twoWorkers).length).toBeGreaterThanOrEqual(2);

    const inProcess = await openInProcess();
    try {
      for (const [index, { keyId, material }] of imports.entries()) {
        const before = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
        expect(['Enabled', 'PendingImport']).toContain(before.KeyState);
        // Pending: the import never happened, so its token must still work. Enabled: it happened completely.
        if (before.KeyState === 'PendingImport') await client.send(new ImportKeyMaterialCommand(requests[index]!.input));
        const after = (await client.send(new DescribeKeyCommand({ KeyId: keyId }))).KeyMetadata!;
        expect(after.KeyState).toBe('Enabled');
        expect(after.CurrentKeyMaterialId).toBe(inProcess.ctx.keyring.materialId({ keyId, material }));
        const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId: keyId, Plaintext: Buffer.from('after the kill') }));
        const decrypted = await client.send(new DecryptCommand({ CiphertextBlob }));
        expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('after the kill');
      }
    } finally {
      await inProcess.close();
    }
  }, 180_000);

  it('both, three times in a row: the primary keeps restarting them with growing delays (1 s doubling), says why, and serves again', async () => {
    const client = kmsClient({ endpoint: crashLoop.endpoint });
    for (let round = 1; round <= 3; round++) {
      const workers = await waitForWorkers(crashLoop, client, 2);
      for (const pid of workers) process.kill(pid, 'SIGKILL');
      await waitUntil(async () => !workerPids(crashLoop).some((pid) => workers.includes(pid)), { withinMs: 10_000 });
    }
    // The first replacement of the last round comes after 16 s; the primary is still there, and serves.
    await waitForWorkers(crashLoop, client, 1);
    expect(() => process.kill(crashLoop.pid, 0)).not.toThrow();
    const delays = restartLines(crashLoop).map((line) => Number(/in (\d+) s$/.exec(line)![1]));
    expect(delays).toEqual([1, 2, 4, 8, 16, 30]);
  }, 180_000);

  it("the workers' environment never held the root key: they get it from the primary over IPC", async () => {
    const client = kmsClient({ endpoint: twoWorkers.endpoint });
    const { rootKeyBase64 } = inject('keyfort');
    for (const pid of await waitForWorkers(twoWorkers, client, 2)) {
      const environ = readFileSync(`/proc/${pid}/environ`, 'latin1');
      expect(environ).toContain('KEYFORT_DATA_DIR=');
      expect(environ).not.toContain('KEYFORT_ROOT_KEY=');
      expect(environ).not.toContain(rootKeyBase64);
    }
  });
});
