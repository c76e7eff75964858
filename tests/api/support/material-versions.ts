import {
  DescribeKeyCommand,
  GetParametersForImportCommand,
  ImportKeyMaterialCommand,
  type ImportKeyMaterialCommandInput,
  type ImportKeyMaterialCommandOutput,
  type KeyMetadata,
  type KMSClient,
  ListKeyRotationsCommand,
  type RotationsListEntry,
} from '@aws-sdk/client-kms';
import { wrapWithOpenssl } from './openssl';

export async function describeKey(client: KMSClient, keyId: string): Promise<KeyMetadata> {
  const { KeyMetadata: metadata } = await client.send(new DescribeKeyCommand({ KeyId: keyId }));
  if (!metadata) throw new Error('DescribeKey returned no KeyMetadata');
  return metadata;
}

/**
 * importWithOpenssl that hands back ImportKeyMaterial's answer (the version the material went into):
 * fresh parameters, openssl RSAES-OAEP-SHA-256 wrapping, material that never expires unless overridden.
 */
export async function importVersion(
  client: KMSClient,
  options: { keyId: string; material: Uint8Array; overrides?: Partial<ImportKeyMaterialCommandInput> },
): Promise<ImportKeyMaterialCommandOutput> {
  const parameters = await client.send(
    new GetParametersForImportCommand({ KeyId: options.keyId, WrappingAlgorithm: 'RSAES_OAEP_SHA_256', WrappingKeySpec: 'RSA_2048' }),
  );
  if (!parameters.PublicKey || !parameters.ImportToken) throw new Error('GetParametersForImport returned no PublicKey/ImportToken');
  return client.send(
    new ImportKeyMaterialCommand({
      KeyId: options.keyId,
      ImportToken: parameters.ImportToken,
      EncryptedKeyMaterial: wrapWithOpenssl({ publicKeyDer: parameters.PublicKey, material: options.material }),
      ExpirationModel: 'KEY_MATERIAL_DOES_NOT_EXPIRE',
      ...options.overrides,
    }),
  );
}

/** Every version of the key (ALL_KEY_MATERIAL, one page), in the order they were added. */
export async function allVersions(client: KMSClient, keyId: string): Promise<RotationsListEntry[]> {
  const page = await client.send(new ListKeyRotationsCommand({ KeyId: keyId, IncludeKeyMaterial: 'ALL_KEY_MATERIAL', Limit: 1000 }));
  if (page.Truncated) throw new Error('more than 1000 versions');
  return page.Rotations ?? [];
}
