// The yardstick of bench/api-throughput.ts: the least an AWS-compatible Encrypt/Decrypt endpoint must do —
// the same SigV4 check code as Keyfort (lib/aws-api/sigv4.ts), an in-memory key lookup, AES-256-GCM —
// on plain node:http with as many cluster workers as Keyfort gets. No database, audit, roles, cache,
// state rules or ciphertext format. Run: `tsx bench/support/bare-kms-server.ts` with BARE_* variables.
import cluster from 'node:cluster';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { readSigV4Claim, verifySigV4Signature } from '@/lib/aws-api';
import { AwsApiError, type AwsApiRequest } from '@/lib/aws-api';

export const BARE_READY_MESSAGE = 'bare-kms-ready';

interface TBareSettings {
  port: number;
  workers: number;
  accessKeyId: string;
  secretAccessKey: string;
  keyId: string;
  /** base64, 32 bytes; every worker must hold the same key for Decrypt to work wherever a request lands. */
  keyMaterial: Buffer;
}

function settingsFromEnv(env: NodeJS.ProcessEnv): TBareSettings {
  const need = (name: string) => {
    const value = env[name];
    if (!value) throw new Error(`${name} is required`);
    return value;
  };
  return {
    port: Number(need('BARE_PORT')),
    workers: Number(env.BARE_WORKERS ?? 1),
    accessKeyId: need('BARE_ACCESS_KEY_ID'),
    secretAccessKey: need('BARE_SECRET_ACCESS_KEY'),
    keyId: need('BARE_KEY_ID'),
    keyMaterial: Buffer.from(need('BARE_KEY_MATERIAL'), 'base64'),
  };
}

function reply(status: number, payload: unknown) {
  return { status, body: JSON.stringify(payload) };
}

// Blob: key ID (36 ASCII bytes) ‖ nonce (12) ‖ tag (16) ‖ ciphertext.
function encrypt(material: Buffer, keyId: string, plaintext: Buffer): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', material, nonce);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from(keyId, 'latin1'), nonce, cipher.getAuthTag(), ciphertext]);
}

function decrypt(material: Buffer, blob: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', material, blob.subarray(36, 48));
  decipher.setAuthTag(blob.subarray(48, 64));
  return Buffer.concat([decipher.update(blob.subarray(64)), decipher.final()]);
}

async function handle(settings: TBareSettings, keys: Map<string, Buffer>, request: AwsApiRequest) {
  try {
    const claim = readSigV4Claim(request, Date.now());
    if (claim.accessKeyId !== settings.accessKeyId) return reply(400, { __type: 'UnrecognizedClientException', message: 'unknown key' });
    verifySigV4Signature({ request, claim, credential: settings });
    const body = JSON.parse(request.body.toString('utf8')) as Record<string, string>;
    const target = request.headers['x-amz-target'];
    const arn = `arn:aws:kms:${claim.region}:000000000000:key/${settings.keyId}`;
    if (target === 'TrentService.Encrypt') {
      const material = keys.get(body.KeyId ?? '');
      if (!material) return reply(400, { __type: 'NotFoundException', message: 'no such key' });
      const blob = encrypt(material, settings.keyId, Buffer.from(body.Plaintext ?? '', 'base64'));
      return reply(200, { CiphertextBlob: blob.toString('base64'), KeyId: arn, EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    }
    if (target === 'TrentService.Decrypt') {
      const blob = Buffer.from(body.CiphertextBlob ?? '', 'base64');
      const material = keys.get(blob.subarray(0, 36).toString('latin1'));
      if (!material) return reply(400, { __type: 'InvalidCiphertextException', message: 'no such key' });
      const plaintext = decrypt(material, blob);
      return reply(200, { KeyId: arn, Plaintext: plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
    }
    return reply(400, { __type: 'UnknownOperationException', message: 'unsupported' });
  } catch (error) {
    if (error instanceof AwsApiError) return reply(error.status, { __type: error.type, message: error.message });
    return reply(400, { __type: 'InvalidCiphertextException', message: 'failed' });
  }
}

function serve(settings: TBareSettings): void {
  const keys = new Map([[settings.keyId, settings.keyMaterial]]);
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) };
      void handle(settings, keys, request).then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      });
    });
  });
  server.listen(settings.port, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
  process.on('disconnect', () => process.exit(0));
}

const settings = settingsFromEnv(process.env);
if (cluster.isPrimary) {
  // As Keyfort's listener does (scripts/api-server.ts): the same connection distribution, for a fair ratio.
  cluster.schedulingPolicy = cluster.SCHED_NONE;
  let listening = 0;
  for (let i = 0; i < settings.workers; i++) {
    cluster.fork().once('listening', () => {
      listening += 1;
      if (listening === settings.workers) process.send?.({ type: BARE_READY_MESSAGE });
    });
  }
  process.on('SIGTERM', () => {
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    process.exit(0);
  });
} else {
  serve(settings);
}
