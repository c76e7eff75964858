import { describe, expect, it } from 'vitest';
import { createKey } from '@/lib/kms';
import { codeOf, createTestContext, principal } from '@/lib/kms/testing/test-context';
import { aliasArn, keyArn, toKeyId, toKeyRef } from './key-ref';

const ACCOUNT = '123456789012';
const KEY_ID = '0b7f3c4e-5a6d-4e8f-9a0b-1c2d3e4f5a6b';

describe('KeyId as AWS gives it', () => {
  it('passes key IDs and alias names through as domain keyRefs', () => {
    expect(toKeyRef(KEY_ID, ACCOUNT)).toBe(KEY_ID);
    expect(toKeyRef('alias/payments', ACCOUNT)).toBe('alias/payments');
  });

  it('turns key and alias ARNs of this account, any region, into keyRefs', () => {
    expect(toKeyRef(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}`, ACCOUNT)).toBe(KEY_ID);
    expect(toKeyRef(`arn:aws:kms:us-east-1:${ACCOUNT}:alias/payments/prod`, ACCOUNT)).toBe('alias/payments/prod');
  });

  it('finds nothing for another account or a malformed ARN', async () => {
    expect(await codeOf(Promise.resolve().then(() => toKeyRef(`arn:aws:kms:eu-west-1:999999999999:key/${KEY_ID}`, ACCOUNT)))).toBe('NOT_FOUND');
    expect(await codeOf(Promise.resolve().then(() => toKeyRef('arn:aws:s3:::bucket', ACCOUNT)))).toBe('NOT_FOUND');
  });

  it('builds ARNs from the request region and the configured account', () => {
    const scope = { region: 'eu-west-1', accountId: ACCOUNT };
    expect(keyArn(scope, KEY_ID)).toBe(`arn:aws:kms:eu-west-1:${ACCOUNT}:key/${KEY_ID}`);
    expect(aliasArn(scope, 'payments')).toBe(`arn:aws:kms:eu-west-1:${ACCOUNT}:alias/payments`);
  });

  it('resolves an alias (name or ARN) to its key for operations that take a key ID', async () => {
    const { ctx } = createTestContext();
    const key = await createKey(ctx, { actor: principal(), alias: 'payments', origin: 'KMS' });
    expect(await toKeyId(ctx, 'alias/payments', ACCOUNT)).toBe(key.id);
    expect(await toKeyId(ctx, `arn:aws:kms:eu-west-1:${ACCOUNT}:alias/payments`, ACCOUNT)).toBe(key.id);
    expect(await toKeyId(ctx, `arn:aws:kms:eu-west-1:${ACCOUNT}:key/${key.id}`, ACCOUNT)).toBe(key.id);
    expect(await codeOf(toKeyId(ctx, 'alias/missing', ACCOUNT))).toBe('NOT_FOUND');
  });
});
