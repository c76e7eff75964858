import { describe, expect, it } from 'vitest';
import { plainDecryptRequest, plainEncryptRequest, ZDecryptRequest, ZEncryptRequest } from './crypto';

// The hand-checked bodies of the data plane against their schemas: wherever the plain path answers, it answers
// what the schema gives; it never accepts what the schema refuses. The corpus crosses each member's edge cases.

const BLOBS: unknown[] = ['aGk=', 'aGVsbG8gd29ybGQ=', 'aGk', 'aG-k', 'aG_k', 'aGk==', 'aGl=', '', '====', 'YQ==', 7, null, undefined];
const KEY_IDS: unknown[] = ['1234abcd-12ab-44cd-96ef-1234567890ab', 'alias/payments', 'arn:aws:kms:us-east-1:111122223333:key/x', '', 3, undefined];
const EXTRAS: Array<Record<string, unknown>> = [
  {},
  { EncryptionContext: { a: 'b' } },
  { EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' },
  { GrantTokens: ['t'] },
  { DryRun: false },
  { SomeFutureMember: 'x' },
];

function compare(field: 'Plaintext' | 'CiphertextBlob', plain: (body: Record<string, unknown>) => unknown, schema: typeof ZEncryptRequest | typeof ZDecryptRequest) {
  let answered = 0;
  for (const blob of BLOBS) {
    for (const KeyId of KEY_IDS) {
      for (const extra of EXTRAS) {
        const body: Record<string, unknown> = { KeyId, [field]: blob, ...extra };
        for (const name of Object.keys(body)) if (body[name] === undefined) delete body[name];
        const fast = plain(body);
        if (fast === undefined) continue;
        answered += 1;
        const reference = schema.safeParse(body);
        expect(reference.success, JSON.stringify(body)).toBe(true);
        expect(fast, JSON.stringify(body)).toEqual(reference.data);
      }
    }
  }
  return answered;
}

describe('Encrypt and Decrypt bodies recognised without zod', () => {
  it('Encrypt: the schema’s output wherever the plain path answers, and never an acceptance the schema refuses', () => {
    expect(compare('Plaintext', plainEncryptRequest, ZEncryptRequest)).toBeGreaterThan(5);
  });

  it('Decrypt: the same, with and without KeyId', () => {
    expect(compare('CiphertextBlob', plainDecryptRequest, ZDecryptRequest)).toBeGreaterThan(5);
  });

  it('answers the body SDKs send for a plain call', () => {
    expect(plainEncryptRequest({ KeyId: 'alias/payments', Plaintext: 'aGk=' })).toBeDefined();
    expect(plainDecryptRequest({ CiphertextBlob: 'aGk=' })).toBeDefined();
  });
});
