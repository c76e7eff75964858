// The console's own endpoint, POST /api/aws on the Next.js port, answers like the dedicated listener: same
// handler, same data. It needs `next build`; scripts/test-all.sh builds first and sets
// KEYFORT_API_TESTS_REQUIRE_NEXT=1 so a missing build fails there instead of skipping.
import { DecryptCommand, DescribeKeyCommand, EncryptCommand, type KMSClient } from '@aws-sdk/client-kms';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKey, expectKmsError, keyArn, kmsClient } from './support/client';
import { rawExchange, unsignedRequestHead, writeAll } from './support/raw-socket';
import { openInProcess } from './support/domain';
import { PROJECT_ROOT, startConsoleServer, type RunningServer } from './support/server';

const TWENTY_MB = 20 * 1024 * 1024;
const CHUNK = randomBytes(64 * 1024);

const built = existsSync(path.join(PROJECT_ROOT, '.next', 'BUILD_ID'));
const required = process.env.KEYFORT_API_TESTS_REQUIRE_NEXT === '1';
if (!built && !required) console.warn('[api tests] no `next build` output: the console /api/aws route test is skipped.');

describe.skipIf(!built && !required)('the console route POST /api/aws', () => {
  let console_: RunningServer;
  let onConsole: KMSClient;
  const listener = kmsClient();

  beforeAll(async () => {
    if (!built) throw new Error('KEYFORT_API_TESTS_REQUIRE_NEXT=1 but .next/BUILD_ID is missing: run `next build` first.');
    const { dataDir, rootKeyBase64 } = inject('keyfort');
    // No key-pair pool warm-up: it would only compete for the CPU with the tests.
    console_ = await startConsoleServer({ dataDir, rootKeyBase64, env: { KEYFORT_KEY_POOL_SIZE: '0' } });
    onConsole = kmsClient({ endpoint: `${console_.origin}/api/aws` });
  }, 180_000);

  afterAll(async () => {
    await console_?.stop();
  });

  it('serves the same keys as the listener: a ciphertext from one decrypts on the other', async () => {
    const { KeyId } = await createKey(onConsole, { Description: 'created through the console route' });
    const { KeyMetadata } = await listener.send(new DescribeKeyCommand({ KeyId }));
    expect(KeyMetadata).toMatchObject({ KeyId, Arn: keyArn(KeyId), Description: 'created through the console route' });

    const { CiphertextBlob } = await listener.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('across endpoints') }));
    const decrypted = await onConsole.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(decrypted.Plaintext!).toString()).toBe('across endpoints');
    // The console route answers the request's ID as the listener does (x-amzn-RequestId), for its log line.
    expect(decrypted.$metadata.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('audits a call through the console route with the signing access key and the address the front server resolved', async () => {
    const { KeyId } = await createKey(onConsole, { Description: 'audited through the console route' });
    const keyfort = await openInProcess();
    try {
      const audit = await keyfort.ctx.store.listAudit({ keyId: KeyId, action: 'CreateKey', page: 1, pageSize: 1 });
      expect(audit.items[0]).toMatchObject({ accessKeyId: inject('keyfort').accessKeyId, sourceAddress: '127.0.0.1' });
      expect(audit.items[0]?.userAgent).toMatch(/aws-sdk-js/);
    } finally {
      await keyfort.close();
    }
  });

  it.each([
    ['declared by Content-Length', { 'Content-Length': String(TWENTY_MB) }, false],
    ['streamed chunked', { 'Transfer-Encoding': 'chunked' }, true],
  ])('answers an oversized body (20 MB, %s) with the 413 AWS error, read by the client without a reset, and serves the next request', async (_how, headers, chunked) => {
    const exchange = await rawExchange({
      port: console_.port,
      withinMs: 60_000,
      send: async (socket) => {
        await writeAll(socket, unsignedRequestHead(headers, '/api/aws'));
        for (let sent = 0; sent < TWENTY_MB; sent += CHUNK.length) {
          const frame = chunked ? Buffer.concat([Buffer.from(`${CHUNK.length.toString(16)}\r\n`), CHUNK, Buffer.from('\r\n')]) : CHUNK;
          if (!(await writeAll(socket, frame))) break;
        }
        if (chunked) await writeAll(socket, '0\r\n\r\n');
      },
    });
    expect(exchange.status, exchange.received.slice(0, 300)).toBe(413);
    expect(exchange.json).toEqual({ __type: 'ValidationException', message: 'The request body exceeds 1048576 bytes.' });
    expect(exchange.error).toBeNull();
    const { KeyId } = await createKey(onConsole, { Description: 'after an oversized body' });
    expect(KeyId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a wrong secret with InvalidSignatureException, as the listener does', async () => {
    const forger = kmsClient({ endpoint: `${console_.origin}/api/aws`, secretAccessKey: 'not-the-secret-not-the-secret-not-the' });
    await expectKmsError(forger.send(new DescribeKeyCommand({ KeyId: 'alias/anything' })), 'InvalidSignatureException');
  });
});
