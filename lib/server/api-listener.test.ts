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
