// The request log as an operator sees it (issue 13): one JSON line per AWS API request on the listener's
// stdout, carrying the ID the client got back (x-amzn-RequestId, the SDK's $metadata.requestId), and
// nothing the request carried in its body.
import { DecryptCommand, EncryptCommand, ListKeysCommand } from '@aws-sdk/client-kms';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordSecret } from '../support/test-logs.mjs';
import { createKey, expectKmsError, kmsClient, waitUntil } from './support/client';
import { randomAccessKey, randomRootKeyBase64, startApiServer, type RunningServer } from './support/server';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PLAINTEXT = Buffer.from('request-log test: the launch date is the 14th');
const CONTEXT = { project: 'request-log-confidential-project' };

let dataDir: string;
let server: RunningServer;
let bootstrap: { accessKeyId: string; secretAccessKey: string };

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-request-log-'));
  bootstrap = randomAccessKey('KFLOGS');
  server = await startApiServer({ dataDir, rootKeyBase64: randomRootKeyBase64(), bootstrap });
});
afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

type TLine = Record<string, unknown>;

function requestLines(): TLine[] {
  return server
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as TLine)
    .filter((line) => line.msg === 'api request');
}

async function lineFor(requestId: string | undefined): Promise<TLine> {
  await waitUntil(async () => requestLines().some((line) => line.requestId === requestId), { withinMs: 10_000, everyMs: 50 });
  return requestLines().find((line) => line.requestId === requestId)!;
}

describe('the API request log', () => {
  it('gives every answer a request ID that the SDK reports and the log line carries, with operation, actor, key, result and duration', async () => {
    const client = kmsClient({ endpoint: server.endpoint, ...bootstrap });
    const listed = await client.send(new ListKeysCommand({}));
    expect(listed.$metadata.requestId).toMatch(UUID);
    expect(await lineFor(listed.$metadata.requestId)).toMatchObject({
      level: 'info',
      component: 'api',
      operation: 'ListKeys',
      actorId: bootstrap.accessKeyId,
      keyId: null,
      result: 'Success',
      status: 200,
      durationMs: expect.any(Number),
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });

    const refused = await expectKmsError(client.send(new DecryptCommand({ CiphertextBlob: Buffer.from('not a ciphertext') })), 'InvalidCiphertextException');
    expect(refused.$metadata.requestId).toMatch(UUID);
    expect(refused.$metadata.requestId).not.toBe(listed.$metadata.requestId);
    expect(await lineFor(refused.$metadata.requestId)).toMatchObject({ operation: 'Decrypt', result: 'InvalidCiphertextException', status: 400 });
  });

  it('never shows the plaintext, the encryption context or the ciphertext of Encrypt and Decrypt', async () => {
    recordSecret('plaintext', PLAINTEXT);
    const client = kmsClient({ endpoint: server.endpoint, ...bootstrap });
    const { KeyId } = await createKey(client);
    const encrypted = await client.send(new EncryptCommand({ KeyId, Plaintext: PLAINTEXT, EncryptionContext: CONTEXT }));
    const decrypted = await client.send(new DecryptCommand({ CiphertextBlob: encrypted.CiphertextBlob, EncryptionContext: CONTEXT }));
    expect(await lineFor(encrypted.$metadata.requestId)).toMatchObject({ operation: 'Encrypt', keyId: expect.stringContaining(KeyId), result: 'Success' });
    expect(await lineFor(decrypted.$metadata.requestId)).toMatchObject({ operation: 'Decrypt', result: 'Success' });
    const output = server.output();
    for (const secret of [
      PLAINTEXT.toString('utf8'),
      PLAINTEXT.toString('base64'),
      PLAINTEXT.toString('hex'),
      CONTEXT.project,
      Buffer.from(encrypted.CiphertextBlob!).toString('base64'),
      bootstrap.secretAccessKey,
    ]) {
      expect(output).not.toContain(secret);
    }
  });
});
