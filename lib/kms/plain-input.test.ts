import { describe, expect, it } from 'vitest';
import { plainDecryptInput, ZDecryptInput } from './decrypt';
import { plainEncryptInput, ZEncryptInput } from './encrypt';
import { plainGenerateDataKeyInput, ZGenerateDataKeyInput } from './generate-data-key';
import { MAX_CIPHERTEXT_BLOB_INPUT_BYTES, MAX_ENCRYPTION_CONTEXT_BYTES, MAX_PLAINTEXT_BYTES } from './public-limits';

// The schemas are the reference: wherever the plain path answers, it must answer what the schema answers,
// and it must never accept what the schema refuses. The corpus crosses every field's edge cases.

const KEY_REFS: unknown[] = [
  '1234abcd-12ab-44cd-96ef-1234567890ab',
  '1234ABCD-12AB-44CD-96EF-1234567890AB',
  '1234abcd-12ab-34cd-96ef-1234567890ab',
  'alias/payments',
  'payments',
  'alias/aws/ebs',
  'arn:aws:kms:us-east-1:111122223333:alias/payments',
  'alias/',
  '',
  'alias/with space',
  `alias/${'a'.repeat(255)}`,
  `alias/${'a'.repeat(256)}`,
  'a'.repeat(256),
  'ключ',
  null,
  42,
  undefined,
];

function bytes(length: number): Uint8Array {
  return new Uint8Array(length).fill(7);
}

const proto = JSON.parse('{"__proto__":"bound like any other key"}') as Record<string, string>;
const CONTEXTS: unknown[] = [
  undefined,
  {},
  { department: 'finance' },
  { b: '2', a: '1', 'ä': 'ü' },
  proto,
  Object.assign(Object.create(null) as object, { tenant: 't-1' }),
  { '': 'empty key' },
  { count: 1 },
  { lone: '\ud800' },
  { big: 'x'.repeat(MAX_ENCRYPTION_CONTEXT_BYTES) },
  { big: 'x'.repeat(MAX_ENCRYPTION_CONTEXT_BYTES - 3) },
  null,
  [],
  'department=finance',
  new Date(0),
];

function schemaOutput(schema: { safeParse(input: unknown): { success: boolean; data?: unknown } }, input: unknown) {
  const result = schema.safeParse(input);
  return result.success ? { data: result.data } : null;
}

function compare<T>(inputs: T[], plain: (input: T) => unknown, schema: Parameters<typeof schemaOutput>[0]) {
  let answered = 0;
  for (const [index, input] of inputs.entries()) {
    const fast = plain(input);
    const reference = schemaOutput(schema, input);
    if (fast === undefined) continue;
    answered += 1;
    expect(reference, `input ${index}: the plain path accepted what the schema refuses`).not.toBeNull();
    expect(fast, `input ${index}`).toEqual(reference!.data);
  }
  return answered;
}

describe('plain data-plane inputs, held to their schemas', () => {
  it('Encrypt: same output wherever the plain path answers, never an acceptance the schema refuses', () => {
    const inputs = KEY_REFS.flatMap((keyRef) =>
      [bytes(0), bytes(1), bytes(MAX_PLAINTEXT_BYTES), bytes(MAX_PLAINTEXT_BYTES + 1), Buffer.from('hi'), 'aGk=', [1, 2]].flatMap((plaintext) =>
        CONTEXTS.map((encryptionContext) => ({ keyRef, plaintext, encryptionContext }) as never),
      ),
    );
    expect(compare(inputs, plainEncryptInput, ZEncryptInput)).toBeGreaterThan(100);
  });

  it('Decrypt: the same, with and without a key reference', () => {
    const inputs = KEY_REFS.flatMap((keyRef) =>
      [bytes(0), bytes(1), bytes(MAX_CIPHERTEXT_BLOB_INPUT_BYTES), bytes(MAX_CIPHERTEXT_BLOB_INPUT_BYTES + 1), 'blob'].flatMap((ciphertextBlob) =>
        CONTEXTS.map((encryptionContext) => ({ keyRef, ciphertextBlob, encryptionContext }) as never),
      ),
    );
    expect(compare(inputs, plainDecryptInput, ZDecryptInput)).toBeGreaterThan(100);
  });

  it('GenerateDataKey: the same over key specs and byte counts, exactly one of them', () => {
    const sizes: Array<{ keySpec?: unknown; numberOfBytes?: unknown }> = [
      { keySpec: 'AES_256' },
      { keySpec: 'AES_128' },
      { keySpec: 'AES_512' },
      { numberOfBytes: 1 },
      { numberOfBytes: 1024 },
      { numberOfBytes: 1025 },
      { numberOfBytes: 0 },
      { numberOfBytes: 1.5 },
      { numberOfBytes: '32' },
      { keySpec: 'AES_256', numberOfBytes: 32 },
      {},
    ];
    const inputs = KEY_REFS.flatMap((keyRef) => sizes.flatMap((size) => CONTEXTS.map((encryptionContext) => ({ keyRef, ...size, encryptionContext }) as never)));
    expect(compare(inputs, plainGenerateDataKeyInput, ZGenerateDataKeyInput)).toBeGreaterThan(50);
  });

  it('answers the requests SDKs send most: a key ID or alias, in-range bytes, no or a plain context', () => {
    const keyId = '1234abcd-12ab-44cd-96ef-1234567890ab';
    expect(plainEncryptInput({ keyRef: keyId, plaintext: bytes(256) } as never)).toBeDefined();
    expect(plainEncryptInput({ keyRef: 'alias/payments', plaintext: bytes(256), encryptionContext: { tenant: 'a' } } as never)).toBeDefined();
    expect(plainDecryptInput({ ciphertextBlob: bytes(300) } as never)).toBeDefined();
    expect(plainGenerateDataKeyInput({ keyRef: keyId, keySpec: 'AES_256' } as never)).toBeDefined();
  });
});
