// The API listener serving HTTPS from KEYFORT_TLS_CERT_FILE / KEYFORT_TLS_KEY_FILE, with a throwaway CA and
// certificate made by openssl here: the real SDK and the real AWS CLI v2 trust only that CA, as the README
// tells users to do. TLS 1.1 and plain HTTP get nothing a KMS client could use.
import { DecryptCommand, EncryptCommand, KMSClient, ListKeysCommand } from '@aws-sdk/client-kms';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent } from 'node:https';
import { connect as connectTcp } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connect as connectTls, createServer as createTlsServer } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { awsCliShell, type CliShell } from './support/aws-cli';
import { makeTestCertificates, type TTestCertificates } from './support/certificates';
import { createKey, REGION } from './support/client';
import { httpRequest, randomAccessKey, randomRootKeyBase64, startApiServer, type RunningServer } from './support/server';

let certificates: TTestCertificates;
let dataDir: string;
let server: RunningServer;
const credentials = randomAccessKey('KFTLS');

function sdkClient(agent: Agent): KMSClient {
  return new KMSClient({
    endpoint: server.origin,
    region: REGION,
    maxAttempts: 1,
    credentials,
    requestHandler: new NodeHttpHandler({ httpsAgent: agent }),
  });
}

beforeAll(async () => {
  certificates = makeTestCertificates();
  dataDir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-tls-'));
  const tls = { certFile: certificates.certFile, keyFile: certificates.keyFile, ca: certificates.ca };
  server = await startApiServer({ dataDir, rootKeyBase64: randomRootKeyBase64(), bootstrap: credentials, tls, env: { KEYFORT_KEY_POOL_SIZE: '0' } });
});

afterAll(async () => {
  await server?.stop();
  rmSync(dataDir, { recursive: true, force: true });
  certificates?.dispose();
});

/** What a TLS client gets: the negotiated protocol, or the error code of a refused handshake. */
function handshake(options: { port: number; minVersion: 'TLSv1' | 'TLSv1.2'; maxVersion: 'TLSv1.1' | 'TLSv1.3'; ca: Buffer }): Promise<string> {
  return new Promise((resolve) => {
    const socket = connectTls({
      host: '127.0.0.1',
      servername: 'localhost',
      port: options.port,
      ca: options.ca,
      minVersion: options.minVersion,
      maxVersion: options.maxVersion,
      // OpenSSL's default security level forbids TLS 1.1 in the client itself; the server must be what refuses.
      ciphers: 'DEFAULT@SECLEVEL=0',
    });
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

describe('the API listener over HTTPS', () => {
  it('serves the AWS SDK (NodeHttpHandler trusting the test CA): create a key, encrypt, decrypt', async () => {
    const client = sdkClient(new Agent({ ca: certificates.ca }));
    expect(server.origin).toMatch(/^https:\/\//);
    const { KeyId } = await createKey(client, { Description: 'over https' });
    const { CiphertextBlob } = await client.send(new EncryptCommand({ KeyId, Plaintext: Buffer.from('sent over TLS') }));
    const { Plaintext, KeyId: decryptedWith } = await client.send(new DecryptCommand({ CiphertextBlob }));
    expect(Buffer.from(Plaintext!).toString()).toBe('sent over TLS');
    expect(decryptedWith).toContain(KeyId);
  });

  it('is refused by an SDK that does not trust the CA: the certificate is really checked', async () => {
    const client = sdkClient(new Agent());
    await expect(client.send(new ListKeysCommand({}))).rejects.toMatchObject({ code: 'SELF_SIGNED_CERT_IN_CHAIN' });
  });

  it('serves the AWS CLI v2 with --ca-bundle: create a key, encrypt and decrypt a file', () => {
    const shell: CliShell = awsCliShell({ endpoint: server.origin, ...credentials, region: REGION });
    try {
      const tls = `--endpoint-url "$ENDPOINT" --ca-bundle ${certificates.caFile}`;
      const keyId = shell.run(`aws kms create-key ${tls} --description cli-over-https --query KeyMetadata.KeyId --output text`).trim();
      expect(keyId).toMatch(/^[0-9a-f-]{36}$/);
      shell.run('printf "secret over https" > secret.txt');
      shell.run(`aws kms encrypt ${tls} --key-id ${keyId} --plaintext fileb://secret.txt --query CiphertextBlob --output text | base64 -d > secret.enc`);
      expect(shell.run(`aws kms decrypt ${tls} --ciphertext-blob fileb://secret.enc --query Plaintext --output text | base64 -d`)).toBe('secret over https');

      // Without --ca-bundle the CLI refuses the certificate: nothing was sent in clear or to an unverified server.
      const untrusted = shell.attempt('aws kms list-keys --endpoint-url "$ENDPOINT"');
      expect(untrusted.status).not.toBe(0);
      expect(untrusted.stderr).toMatch(/SSL validation failed|CERTIFICATE_VERIFY_FAILED/);
    } finally {
      shell.dispose();
    }
  });

  it('sends Strict-Transport-Security on every answer, refusals and unknown paths included', async () => {
    const unsigned = await httpRequest({
      url: `${server.origin}/`,
      ca: certificates.ca,
      method: 'POST',
      headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': 'TrentService.ListKeys' },
      body: '{}',
    });
    expect(unsigned.status).toBe(400);
    expect(unsigned.headers['strict-transport-security']).toBe('max-age=63072000');
    const unknownPath = await httpRequest({ url: `${server.origin}/elsewhere`, ca: certificates.ca });
    expect(unknownPath.status).toBe(404);
    expect(unknownPath.headers['strict-transport-security']).toBe('max-age=63072000');
  });

  it('refuses TLS 1.1 with a protocol-version alert, though the same client speaks TLS 1.1 to a server that allows it', async () => {
    expect(await handshake({ port: server.port, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ca: certificates.ca })).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
    expect(await handshake({ port: server.port, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', ca: certificates.ca })).toMatch(/^TLSv1\.[23]$/);

    // Control: the client is able to speak TLS 1.1, so the refusal above is the listener's.
    const permissive = createTlsServer(
      { cert: readFileSync(certificates.certFile), key: readFileSync(certificates.keyFile), minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' },
      (socket) => socket.end(),
    );
    await new Promise<void>((resolve) => permissive.listen(0, '127.0.0.1', resolve));
    try {
      const port = (permissive.address() as { port: number }).port;
      expect(await handshake({ port, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ca: certificates.ca })).toBe('TLSv1.1');
    } finally {
      permissive.close();
    }
  });

  it('gives plain HTTP on the TLS port no HTTP answer at all', async () => {
    const received = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      const socket = connectTcp(server.port, '127.0.0.1', () => {
        socket.write(
          'POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-amz-json-1.1\r\nX-Amz-Target: TrentService.ListKeys\r\nContent-Length: 2\r\n\r\n{}',
        );
      });
      socket.setTimeout(10_000, () => socket.destroy(new Error('the listener neither answered nor closed within 10 s')));
      socket.on('data', (chunk: Buffer) => chunks.push(chunk));
      socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? resolve(Buffer.concat(chunks)) : reject(error)));
      socket.on('close', () => resolve(Buffer.concat(chunks)));
    });
    expect(received.toString('latin1')).not.toMatch(/HTTP\/1\.[01]|__type|Keys/);
  });
});
