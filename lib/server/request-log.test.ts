import pino from 'pino';
import { beforeEach, describe, expect, it } from 'vitest';
import { createAwsApiHandler, type AwsApiHandler } from '@/lib/aws-api';
import { signedRequest } from '@/lib/aws-api/testing/sign';
import { ensureBootstrapAccessKey } from '@/lib/kms';
import { createTestContext, type TTestContext } from '@/lib/kms/testing/test-context';
import { capturingLogger } from './capturing-logger';
import { requestLogObserver } from './request-log';

const KEY = { accessKeyId: 'KFLOGTESTAAAAAAAAAAA', secretAccessKey: 'log-test-secret-log-test-secret-log-test' };
const PLAINTEXT = 'the payroll file for December';
const CONTEXT = { department: 'finance-confidential' };

let t: TTestContext;
let handler: AwsApiHandler;
let captured: ReturnType<typeof capturingLogger>;

beforeEach(async () => {
  t = createTestContext({ start: '2030-01-01T12:00:00Z' });
  await ensureBootstrapAccessKey(t.ctx, { ...KEY, ownerName: 'Log Test' });
  captured = capturingLogger();
  const log = captured.logger.child({ component: 'api' });
  handler = createAwsApiHandler({ getContext: async () => t.ctx, accountId: '111122223333', now: () => t.clock.now().getTime(), observe: requestLogObserver(log) });
});

async function call(operation: string, payload: unknown, secretAccessKey = KEY.secretAccessKey) {
  const request = await signedRequest({
    style: 'sdk',
    accessKeyId: KEY.accessKeyId,
    secretAccessKey,
    operation,
    body: JSON.stringify(payload),
    signingDate: t.clock.now(),
    region: 'eu-west-1',
  });
  const response = await handler(request);
  return { requestId: response.requestId, json: JSON.parse(response.body) as { KeyMetadata?: { KeyId: string }; CiphertextBlob?: string } };
}

describe('API request log lines', () => {
  it('name the Huawei API on its lines only', () => {
    const observe = requestLogObserver(captured.logger.child({ component: 'api' }));
    const facts = { requestId: 'r', operation: 'encrypt-data', actorId: null, keyId: null, result: 'KMS.0302', status: 401, durationMs: 1 };
    observe({ ...facts, api: 'huawei' });
    observe({ ...facts, operation: 'Encrypt', result: 'Success', status: 200 });
    expect(captured.records().map((record) => record.api)).toEqual(['huawei', undefined]);
  });

  it('hold only the request-line fields (written without the redaction pass, which names none of them)', () => {
    const observe = requestLogObserver(captured.logger.child({ component: 'api' }));
    observe({ requestId: 'r', operation: 'Encrypt', actorId: 'a', keyId: 'k', result: 'Success', status: 200, durationMs: 1.234 });
    expect(Object.keys(captured.records()[0]!).sort()).toEqual(
      ['actorId', 'component', 'durationMs', 'keyId', 'level', 'msg', 'operation', 'pid', 'requestId', 'result', 'status', 'time'].sort(),
    );
  });

  it('are byte for byte what pino writes for the same fields, whatever the strings hold', () => {
    const lines: string[] = [];
    const logger = pino(
      { base: { pid: 4242 }, timestamp: () => ',"time":"2030-01-01T12:00:00.000Z"', formatters: { level: (label) => ({ level: label }) } },
      { write: (line: string) => void lines.push(line) },
    ).child({ component: 'api' });
    const observe = requestLogObserver(logger);
    const events = [
      { requestId: 'r-1', operation: 'Encrypt', actorId: 'ak-1', keyId: 'alias/payroll', result: 'Success', status: 200, durationMs: 0.123456 },
      { requestId: 'r-2', operation: 'request', actorId: null, keyId: null, result: 'InvalidSignatureException', status: 400, durationMs: 3 },
      { requestId: 'r-3', operation: 'Decrypt', actorId: 'ak-1', keyId: 'k"\\\n\u0000\u2028\ud800é', result: 'KMSInternalException', status: 500, durationMs: 12.5 },
      { api: 'huawei' as const, requestId: 'r-4', operation: 'encrypt-data', actorId: 'ak-1', keyId: 'k', result: 'KMS.0207', status: 404, durationMs: 1 },
    ];
    for (const event of events) {
      observe(event);
      const { api, durationMs, ...rest } = event as typeof event & { api?: string };
      const fields = { ...rest, durationMs: Math.round(durationMs * 100) / 100, ...(api ? { api } : {}) };
      if (event.status >= 500) logger.error(fields, 'api request');
      else logger.info(fields, 'api request');
    }
    expect(lines).toHaveLength(8);
    for (let i = 0; i < lines.length; i += 2) expect(lines[i]).toBe(lines[i + 1]);
    expect(JSON.parse(lines[4]!)).toMatchObject({ level: 'error', keyId: 'k"\\\n\u0000\u2028\ud800é' });
  });

  it("leave lines to pino where the destination wants each line's level, and write none below the logger's level", () => {
    const lines: string[] = [];
    const multi = pino.multistream([{ level: 'info', stream: { write: (line: string) => void lines.push(line) } }]);
    const observe = requestLogObserver(pino({ base: null, timestamp: false }, multi));
    observe({ requestId: 'r', operation: 'Encrypt', actorId: 'a', keyId: 'k', result: 'Success', status: 200, durationMs: 1 });
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual([
      { level: 30, requestId: 'r', operation: 'Encrypt', actorId: 'a', keyId: 'k', result: 'Success', status: 200, durationMs: 1, msg: 'api request' },
    ]);
    const quiet = capturingLogger('warn');
    const observeQuietly = requestLogObserver(quiet.logger);
    observeQuietly({ requestId: 'r', operation: 'Encrypt', actorId: 'a', keyId: 'k', result: 'Success', status: 200, durationMs: 1 });
    observeQuietly({ requestId: 'r', operation: 'Encrypt', actorId: 'a', keyId: 'k', result: 'KMSInternalException', status: 500, durationMs: 1 });
    expect(quiet.records().map((record) => record.level)).toEqual(['error']);
  });

  it('write one line per request with its ID, operation, actor, key, result and duration', async () => {
    const created = await call('CreateKey', {});
    const keyId = created.json.KeyMetadata!.KeyId;
    const refused = await call('DescribeKey', { KeyId: keyId }, 'wrong-secret-wrong-secret-wrong-secret-1');
    const [first, second] = captured.records();
    expect(captured.lines).toHaveLength(2);
    expect(first).toMatchObject({ level: 'info', component: 'api', msg: 'api request', requestId: created.requestId, operation: 'CreateKey', actorId: expect.any(String), keyId, result: 'Success', status: 200 });
    expect(first!.durationMs).toEqual(expect.any(Number));
    expect(second).toMatchObject({ requestId: refused.requestId, operation: 'request', actorId: null, keyId: null, result: 'InvalidSignatureException', status: 400 });
  });

  it('never carry the plaintext, the encryption context or the ciphertext a request sent or received', async () => {
    const keyId = (await call('CreateKey', {})).json.KeyMetadata!.KeyId;
    const plaintextBase64 = Buffer.from(PLAINTEXT).toString('base64');
    const encrypted = await call('Encrypt', { KeyId: keyId, Plaintext: plaintextBase64, EncryptionContext: CONTEXT });
    await call('Decrypt', { CiphertextBlob: encrypted.json.CiphertextBlob, EncryptionContext: CONTEXT });
    expect(captured.records().map((record) => [record.operation, record.result])).toEqual([
      ['CreateKey', 'Success'],
      ['Encrypt', 'Success'],
      ['Decrypt', 'Success'],
    ]);
    const all = captured.lines.join('');
    for (const secret of [PLAINTEXT, plaintextBase64, Buffer.from(PLAINTEXT).toString('hex'), 'finance-confidential', 'department', encrypted.json.CiphertextBlob!]) {
      expect(all).not.toContain(secret);
    }
  });
});
