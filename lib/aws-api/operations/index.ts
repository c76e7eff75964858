import { CreateAlias, DeleteAlias, ListAliases } from './aliases';
import { Decrypt, Encrypt, GenerateDataKey, GenerateDataKeyWithoutPlaintext } from './crypto';
import { DeleteImportedKeyMaterial, GetParametersForImport, ImportKeyMaterial } from './import';
import {
  CancelKeyDeletion,
  CreateKey,
  DescribeKey,
  DisableKey,
  EnableKey,
  ListKeys,
  ScheduleKeyDeletion,
  UpdateKeyDescription,
} from './keys';
import type { TOperation } from './operation';
import { DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, ListKeyRotations, RotateKeyOnDemand } from './rotation';
import { ListResourceTags, TagResource, UntagResource } from './tags';

/** Every operation Keyfort answers, by its X-Amz-Target name (SPEC §8). */
export const OPERATIONS: ReadonlyMap<string, TOperation> = new Map(
  Object.entries({
    CreateKey,
    DescribeKey,
    ListKeys,
    UpdateKeyDescription,
    EnableKey,
    DisableKey,
    ScheduleKeyDeletion,
    CancelKeyDeletion,
    CreateAlias,
    DeleteAlias,
    ListAliases,
    GetParametersForImport,
    ImportKeyMaterial,
    DeleteImportedKeyMaterial,
    RotateKeyOnDemand,
    EnableKeyRotation,
    DisableKeyRotation,
    GetKeyRotationStatus,
    ListKeyRotations,
    Encrypt,
    Decrypt,
    GenerateDataKey,
    GenerateDataKeyWithoutPlaintext,
    TagResource,
    UntagResource,
    ListResourceTags,
  }),
);

export type { TOperation, TOperationEnv } from './operation';
