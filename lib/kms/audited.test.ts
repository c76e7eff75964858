import { describe, expect, it } from 'vitest';
import { aliasDetail, audited } from './audited';
import { KmsError } from './errors';
import { codeOf, createTestContext, principal } from './testing/test-context';

const actor = principal('KEY_MANAGER');
const KEY_ID = '6f1c1f0e-8a4b-4c55-9d3e-2b7a1c0d9e8f';

describe('audited', () => {
  it('records a domain failure in its own write, with code, key and safe details', async () => {
    const { ctx, store, clock } = createTestContext();
    const run = async () => {
      throw new KmsError('INVALID_STATE', 'nope');
    };
    expect(await codeOf(audited({ ctx, actor, action: 'EnableKey', keyId: KEY_ID, details: { alias: 'a' }, run }))).toBe('INVALID_STATE');
    expect(store.audit).toEqual([
      {
        id: expect.any(String),
        at: clock.now(),
        actorType: 'user',
        actorId: actor.id,
        actorName: actor.name,
        action: 'EnableKey',
        keyId: KEY_ID,
        result: 'FAILURE',
        errorCode: 'INVALID_STATE',
        details: { alias: 'a' },
        sourceAddress: null,
        userAgent: null,
        accessKeyId: null,
        via: null,
      },
    ]);
  });

  it('records a key only when the input was a well-formed key ID', async () => {
    const { ctx, store } = createTestContext();
    const run = async () => {
      throw new KmsError('VALIDATION', 'bad');
    };
    await codeOf(audited({ ctx, actor, action: 'EnableKey', keyId: "<script>'", run }));
    expect(store.audit[0]?.keyId).toBeNull();
  });

  it('rethrows internal faults untouched and does not audit them', async () => {
    const { ctx, store } = createTestContext();
    const fault = new TypeError('driver exploded: password=hunter2');
    const run = async () => {
      throw fault;
    };
    await expect(audited({ ctx, actor, action: 'EnableKey', run })).rejects.toBe(fault);
    expect(store.audit).toEqual([]);
  });

  it('for reads, records refusals only', async () => {
    const { ctx, store } = createTestContext();
    for (const code of ['NOT_FOUND', 'FORBIDDEN'] as const) {
      const run = async () => {
        throw new KmsError(code, code);
      };
      await codeOf(audited({ ctx, actor, action: 'DescribeKey', failures: 'refusals', run }));
    }
    expect(store.audit.map((e) => e.errorCode)).toEqual(['FORBIDDEN']);
  });

  it('does not hide that a failure could not be audited', async () => {
    const { ctx, store } = createTestContext();
    store.failNext('store.insertAudit');
    const run = async () => {
      throw new KmsError('NOT_FOUND', 'gone');
    };
    await expect(audited({ ctx, actor, action: 'EnableKey', run })).rejects.toThrow('injected store.insertAudit failure');
  });

  it('passes the result through on success without writing anything itself', async () => {
    const { ctx, store } = createTestContext();
    expect(await audited({ ctx, actor, action: 'EnableKey', run: async () => 42 })).toBe(42);
    expect(store.audit).toEqual([]);
  });
});

describe('aliasDetail', () => {
  it('keeps valid alias names and drops anything else', () => {
    expect(aliasDetail('app/prod')).toEqual({ alias: 'app/prod' });
    expect(aliasDetail('<img src=x onerror=alert(1)>')).toBeUndefined();
    expect(aliasDetail(undefined)).toBeUndefined();
  });
});
