import { describe, expect, it } from 'vitest';
import { toKeyMetadata, ZTimestamp } from './shapes';
import { decodeBase64, type KeyView } from '@/lib/kms';

describe('base64 blobs', () => {
  it('decodes standard base64 of every padding length', () => {
    for (const bytes of [Buffer.alloc(0), Buffer.from([1]), Buffer.from([1, 2]), Buffer.from([1, 2, 3]), Buffer.from('hello world')]) {
      expect(decodeBase64(bytes.toString('base64'))).toEqual(bytes);
    }
  });

  it.each(['not base64!', 'aGVsbG8', 'aGVs bG8=', 'aGVsbG8=\n', 'a-_b', '====', 'A===', 'AB=C', 'aGVsbG8===', 'QR==', 'QUJE/===', 'QUI='.replace('I', 'J')])('refuses %j', (text) => {
    expect(decodeBase64(text)).toBeNull();
  });
});

describe('timestamps', () => {
  it('accepts epoch seconds with fractions, as the JS SDK sends them', () => {
    expect(ZTimestamp.parse(1893456000.5)).toEqual(new Date('2030-01-01T00:00:00.500Z'));
  });

  it('refuses strings', () => {
    expect(ZTimestamp.safeParse('2030-01-01').success).toBe(false);
  });
});

describe('KeyMetadata', () => {
  const view: KeyView = {
    id: '0b7f3c4e-5a6d-4e8f-9a0b-1c2d3e4f5a6b',
    description: 'payments',
    state: 'ENABLED',
    origin: 'EXTERNAL',
    createdAt: new Date('2030-01-01T00:00:00Z'),
    deletionDate: null,
    aliases: ['payments'],
    rotationPeriodDays: null,
    material: { status: 'IMPORTED', materialId: 'ab'.repeat(32), importedAt: new Date('2030-01-01T00:00:00Z'), expiresAt: new Date('2030-02-01T00:00:00Z'), removal: null },
  };

  it('describes an imported, expiring key as AWS does', () => {
    expect(toKeyMetadata(view, { region: 'eu-west-1', accountId: '000000000000' })).toEqual({
      AWSAccountId: '000000000000',
      KeyId: view.id,
      Arn: `arn:aws:kms:eu-west-1:000000000000:key/${view.id}`,
      CreationDate: 1893456000,
      Enabled: true,
      Description: 'payments',
      KeyUsage: 'ENCRYPT_DECRYPT',
      KeyState: 'Enabled',
      ValidTo: 1896134400,
      Origin: 'EXTERNAL',
      ExpirationModel: 'KEY_MATERIAL_EXPIRES',
      KeyManager: 'CUSTOMER',
      CustomerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      KeySpec: 'SYMMETRIC_DEFAULT',
      EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'],
      CurrentKeyMaterialId: 'ab'.repeat(32),
      MultiRegion: false,
    });
  });

  it('gives no expiration model to a key awaiting its material, and a deletion date when pending deletion', () => {
    const pending = toKeyMetadata(
      { ...view, state: 'PENDING_DELETION', deletionDate: new Date('2030-01-31T00:00:00Z'), material: { status: 'AWAITING_IMPORT', materialId: null, importedAt: null, expiresAt: null, removal: null } },
      { region: 'eu-west-1', accountId: '000000000000' },
    );
    expect(pending).toMatchObject({ KeyState: 'PendingDeletion', Enabled: false, DeletionDate: 1896048000 });
    expect(pending).not.toHaveProperty('ExpirationModel');
    expect(pending).not.toHaveProperty('ValidTo');
  });
});
