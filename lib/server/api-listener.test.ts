import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { AwsApiHandler } from '@/lib/aws-api';
import { createApiListener } from './api-listener';
import { parseTrustedProxies } from './trusted-proxies';

const servers: ReturnType<typeof createApiListener>[] = [];

const logged: string[] = [];

async function listen(handler: AwsApiHandler, trustedProxies?: string): Promise<string> {
  const server = createApiListener({ handler, log: (line) => logged.push(line), trustedProxies: parseTrustedProxies(trustedProxies) });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

afterEach(async () => {
  logged.length = 0;
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const post = (url: string, body = '{}') => fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/x-amz-json-1.1' } });

describe('the dedicated API listener', () => {
  it('hands the handler the method, path, headers and whole body, and writes its answer with a content length and its request ID', async () => {
    let seen: { method: string; path: string; body: string; target: unknown } | undefined;
    const url = await listen(async (request) => {
      seen = { method: request.method, path: request.path, body: request.body.toString('utf8'), target: request.headers['x-amz-target'] };
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: '{"ok":"é"}', requestId: 'request-7' };
    });
    const response = await fetch(`${url}/api/aws`, { method: 'POST', body: '{"a":1}', headers: { 'x-amz-target': 'TrentService.ListKeys' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-amzn-requestid')).toBe('request-7');
    expect(response.headers.get('content-length')).toBe(String(Buffer.byteLength('{"ok":"é"}')));
    expect(await response.json()).toEqual({ ok: 'é' });
    expect(seen).toEqual({ method: 'POST', path: '/api/aws', body: '{"a":1}', target: 'TrentService.ListKeys' });
  });

  it('hands the handler the client address for the audit: the peer, or what a trusted proxy forwarded', async () => {
    const seen: Array<string | null | undefined> = [];
    const answer: AwsApiHandler = async (request) => {
      seen.push(request.clientAddress);
      return { status: 200, headers: {}, body: '{}' };
    };
    const forwarded = { 'x-forwarded-for': '203.0.113.50' };
    await fetch(await listen(answer), { method: 'POST', body: '{}', headers: forwarded });
    await fetch(await listen(answer, '127.0.0.1'), { method: 'POST', body: '{}', headers: forwarded });
    // A claim from an untrusted peer is ignored; the trusted proxy's word is taken.
    expect(seen).toEqual(['127.0.0.1', '203.0.113.50']);
  });

  it('answers 500 KMSInternalException when the handler rejects, which it never should, and logs the cause', async () => {
    const url = await listen(() => Promise.reject(new Error('bug in the handler')));
    const response = await post(url);
    expect(response.status).toBe(500);
    expect(logged).toEqual([expect.stringMatching(/^AWS API internal fault, incident [0-9a-f-]{36}, listener, the handler rejected: Error$/)]);
    const incident = logged[0]!.match(/incident ([0-9a-f-]{36})/)![1];
    expect(await response.json()).toEqual({ __type: 'KMSInternalException', message: `An internal error occurred. Incident ${incident}.` });
  });

  it('answers 500 instead of dropping the connection when the handler returns a response that cannot be written', async () => {
    const url = await listen(async () => ({ status: 42, headers: {}, body: 'x' }));
    const response = await post(url);
    expect(response.status).toBe(500);
    expect((await response.json()).__type).toBe('KMSInternalException');
    // Only the error's type and code are logged (describeError), never a message that could hold a secret.
    expect(logged).toEqual([expect.stringMatching(/AWS API internal fault, incident [0-9a-f-]{36}, listener, writing the response: RangeError ERR_HTTP_INVALID_STATUS_CODE$/)]);
  });

  it('refuses other paths with 404 without calling the handler', async () => {
    let called = false;
    const url = await listen(async () => {
      called = true;
      return { status: 200, headers: {}, body: '{}' };
    });
    const response = await post(`${url}/other`);
    expect(response.status).toBe(404);
    expect((await response.json()).__type).toBe('UnknownOperationException');
    expect(called).toBe(false);
    expect(logged).toEqual([]);
  });
});

describe('the dedicated API listener with the Huawei API', () => {
  // A port of the range this suite's author was given (the other tests here let the OS choose).
  const PORT = Number(process.env.KEYFORT_HUAWEI_LISTENER_TEST_PORT ?? 4104);

  async function listenBoth(): Promise<{ url: string; seen: string[] }> {
    const seen: string[] = [];
    const server = createApiListener({
      handler: async (request) => {
        seen.push(`aws ${request.path}`);
        return { status: 200, headers: {}, body: '{}', requestId: 'aws-1' };
      },
      huawei: async (request) => {
        seen.push(`huawei ${request.method} ${request.path}`);
        return { status: 200, headers: {}, body: '{}', requestId: 'huawei-1' };
      },
      log: (line) => logged.push(line),
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
    return { url: `http://127.0.0.1:${PORT}`, seen };
  }

  it('sends /v1.0/ paths to the Huawei handler (request ID in X-Request-Id) and leaves / and /api/aws to AWS', async () => {
    const { url, seen } = await listenBoth();
    const huawei = await fetch(`${url}/v1.0/abc/kms/aliases?limit=2`, { method: 'GET' });
    expect(huawei.headers.get('x-request-id')).toBe('huawei-1');
    const aws = await post(`${url}/api/aws`);
    expect(aws.headers.get('x-amzn-requestid')).toBe('aws-1');
    expect((await fetch(`${url}/v1.1/abc/kms/aliases`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect(seen).toEqual(['huawei GET /v1.0/abc/kms/aliases?limit=2', 'aws /api/aws']);
  });

  it('refuses an oversized Huawei body with 413 in Huawei’s shape, without calling the handler', async () => {
    const { seen } = await listenBoth();
    // The length is announced and no byte of the body sent: the answer comes before any is read.
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: '127.0.0.1', port: PORT, method: 'POST', path: '/v1.0/abc/kms/encrypt-data', headers: { 'content-length': String(1024 * 1024 + 1) } });
      request.on('response', (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
        // The server keeps draining the announced body: the answer is complete once its length is in.
        response.on('data', () => {
          if (Buffer.byteLength(body) >= Number(response.headers['content-length'])) {
            resolve({ status: response.statusCode ?? 0, body });
            request.destroy();
          }
        });
      });
      request.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      request.flushHeaders();
    });
    expect(answer.status).toBe(413);
    expect((JSON.parse(answer.body) as { error: { error_code: string } }).error.error_code).toBe('KMS.0203');
    expect(seen).toEqual([]);
  });
});
