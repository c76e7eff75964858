import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ensureBootstrapAccessKey, resolveAccessKey } from '@/lib/kms';
import { createTestContext, type TTestContext } from '@/lib/kms/testing/test-context';
import { createHuaweiAuthenticator } from './authenticate';
import { HuaweiApiError } from './protocol';
import { sdkSignedRequest } from './testing/sdk-sign';

const PROJECT = '0123456789abcdef0123456789abcdef';
const KEY = { accessKeyId: 'KFTESTAAAAAAAAAAAAAA', secretKey: 'test-secret-test-secret-test-secret-1234' };

let t: TTestContext;
let lookups: number;
let uses: string[];

function authenticator() {
  return createHuaweiAuthenticator({
    resolve: async (accessKeyId) => {
      lookups += 1;
      const found = await resolveAccessKey(t.ctx, { accessKeyId });
      return found && { principal: found.principal, secretAccessKey: found.secret.toString('utf8') };
    },
    recordUse: async (accessKeyId) => void uses.push(accessKeyId),
    auditFailure: (event) => t.store.insertAudit(event),
    clock: t.ctx.clock,
    now: () => t.clock.now().getTime(),
    log: () => undefined,
  });
}

function request(secretKey = KEY.secretKey) {
  return sdkSignedRequest({ method: 'POST', origin: 'http://127.0.0.1:4100', path: `/v1.0/${PROJECT}/kms/encrypt-data`, data: { key_id: 'k' }, accessKeyId: KEY.accessKeyId, secretKey });
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'OK';
  } catch (error) {
    return error instanceof HuaweiApiError ? `${error.status} ${error.code}` : 'other';
  }
}

beforeEach(async () => {
  t = createTestContext({ start: '2030-01-01T12:00:00Z' });
  await ensureBootstrapAccessKey(t.ctx, { accessKeyId: KEY.accessKeyId, secretAccessKey: KEY.secretKey, ownerName: 'ops@example.test' });
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(t.clock.now());
  lookups = 0;
  uses = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Huawei API authentication', () => {
  it('acts as the access key owner with a Huawei API source, from one cached lookup, recording the use once', async () => {
    const auth = authenticator();
    const first = await auth.authenticate({ ...request(), clientAddress: '203.0.113.7' });
    expect(first.actor).toMatchObject({ type: 'access-key', name: 'ops@example.test', source: { via: 'huawei-api', accessKeyId: KEY.accessKeyId, address: '203.0.113.7' } });
    await auth.authenticate(request());
    expect(lookups).toBe(1);
    await Promise.resolve();
    expect(uses).toEqual([KEY.accessKeyId]);
  });

  it('audits refused authentications once per access key and minute, not per request', async () => {
    const auth = authenticator();
    for (let i = 0; i < 3; i++) expect(await refusal(auth.authenticate(request('wrong-secret')))).toBe('401 KMS.0302');
    const audits = () => t.store.audit.filter((e) => e.action === 'ApiAuthentication');
    expect(audits()).toHaveLength(1);
    t.clock.advance({ seconds: 61 });
    vi.setSystemTime(t.clock.now());
    await refusal(auth.authenticate(request('wrong-secret')));
    expect(audits()).toHaveLength(2);
    expect(audits()[0]).toMatchObject({ actorName: 'Unauthenticated Huawei API caller', result: 'FAILURE', errorCode: 'UNAUTHENTICATED', via: 'huawei-api' });
  });
});
