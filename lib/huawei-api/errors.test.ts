import { describe, expect, it, vi } from 'vitest';
import { AwsApiError } from '@/lib/aws-api';
import { KMS_ERROR_CODES, KmsError } from '@/lib/kms';
import { HUAWEI_REFUSAL_BY_CODE, toHuaweiErrorResponse } from './errors';
import { HuaweiApiError } from './protocol';

function answered(error: unknown, log = vi.fn()) {
  const response = toHuaweiErrorResponse({ error, operation: 'encrypt-data', log, requestId: 'r-1' });
  return { status: response.status, ...(JSON.parse(response.body) as { error: { error_code: string; error_msg: string } }).error };
}

describe('Huawei error answers', () => {
  it('maps every domain code, with the statuses of Huawei’s table', () => {
    expect(Object.keys(HUAWEI_REFUSAL_BY_CODE).sort()).toEqual([...KMS_ERROR_CODES].sort());
    const table = Object.fromEntries(Object.entries(HUAWEI_REFUSAL_BY_CODE).map(([code, refusal]) => [code, `${refusal.status} ${refusal.code}`]));
    expect(table).toMatchObject({
      NOT_FOUND: '404 KMS.0207',
      VALIDATION: '400 KMS.0308',
      ALIAS_EXISTS: '400 KMS.1104',
      INVALID_STATE: '400 KMS.0310',
      DISABLED: '400 KMS.0209',
      UNSUPPORTED: '400 KMS.0309',
      TOKEN_EXPIRED: '400 KMS.2601',
      TOKEN_INVALID: '400 KMS.2605',
      WRAP_INVALID: '400 KMS.2605',
      MATERIAL_INCORRECT: '400 KMS.2606',
      CIPHERTEXT_INVALID: '400 KMS.2201',
      INCORRECT_KEY: '400 KMS.2201',
      UNAUTHENTICATED: '401 KMS.0302',
      FORBIDDEN: '403 KMS.0306',
      LIMIT_EXCEEDED: '400 KMS.1105',
      THROTTLED: '429 APIGW.0308',
      UNAVAILABLE: '503 KMS.0101',
    });
  });

  it('keeps a domain refusal’s message, and answers wrong-length material with KMS.2604', () => {
    expect(answered(new KmsError('DISABLED', 'Key k is disabled.'))).toEqual({ status: 400, error_code: 'KMS.0209', error_msg: 'Key k is disabled.' });
    expect(answered(new KmsError('MATERIAL_INCORRECT', 'must be 32 bytes', 'wrong-length')).error_code).toBe('KMS.2604');
    expect(answered(new KmsError('MATERIAL_INCORRECT', 'not the bound material', 'different-material')).error_code).toBe('KMS.2606');
  });

  it('passes adapter refusals through, and turns the shared rate limiter’s refusal into 429 APIGW.0308', () => {
    expect(answered(new HuaweiApiError('KMS.1401', 'pending_days must be 7 to 1096.'))).toEqual({ status: 400, error_code: 'KMS.1401', error_msg: 'pending_days must be 7 to 1096.' });
    expect(answered(new AwsApiError('ThrottlingException', 'Rate exceeded'))).toMatchObject({ status: 429, error_code: 'APIGW.0308' });
  });

  it('answers anything else 500 KMS.0101 with an incident ID, logging the incident but not the error’s text', () => {
    const log = vi.fn();
    const answer = answered(new TypeError('boom with plaintext 41414141'), log);
    expect(answer).toMatchObject({ status: 500, error_code: 'KMS.0101' });
    const incident = /Incident ([0-9a-f-]{36})\.$/.exec(answer.error_msg)?.[1];
    expect(log).toHaveBeenCalledWith(expect.stringContaining(incident!), expect.objectContaining({ incidentId: incident, requestId: 'r-1', where: 'encrypt-data' }));
    expect(JSON.stringify(log.mock.calls)).not.toContain('41414141');
  });
});
