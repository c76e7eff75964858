import { describe, expect, it } from 'vitest';
import { KmsError } from './errors';
import { describeError, describeStartupError } from '@/lib/kms';

describe('describeError', () => {
  it('keeps the type and code of unknown errors but not their message', () => {
    const error = Object.assign(new Error('password=hunter2'), { code: 'P2002' });
    expect(describeError(error)).toBe('Error P2002');
  });

  it('keeps the message of domain errors, which never hold secrets', () => {
    expect(describeError(new KmsError('NOT_FOUND', 'No such key.'))).toBe('KmsError NOT_FOUND: No such key.');
  });
});

describe('describeStartupError', () => {
  it('hides credentials inside connection strings', () => {
    const line = describeStartupError(new Error("Can't reach postgresql://keyfort:s3cret@db:5432/keyfort"));
    expect(line).not.toContain('s3cret');
    expect(line).toContain('postgresql://***@db:5432/keyfort');
  });

  it('keeps the operator-facing message of a configuration error', () => {
    expect(describeStartupError(new Error('KEYFORT_PUBLIC_URL must use http or https, got "ftp:".'))).toContain('KEYFORT_PUBLIC_URL');
  });
});
