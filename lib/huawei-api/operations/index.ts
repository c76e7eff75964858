import { CreateAlias, DeleteAliases, ListAliases } from './aliases';
import { DecryptData, EncryptData } from './crypto';
import { CreateDatakey, CreateDatakeyWithoutPlaintext, DecryptDatakey, EncryptDatakey } from './datakeys';
import { DeleteImportedKeyMaterial, GetParametersForImport, ImportKeyMaterial } from './import';
import { CreateKey, DescribeKey, ListKeys, UpdateKeyAlias, UpdateKeyDescription } from './keys';
import { CancelKeyDeletion, DisableKey, EnableKey, ScheduleKeyDeletion } from './lifecycle';
import type { THuaweiMethod, THuaweiOperation, THuaweiRoute } from './operation';
import { DisableKeyRotation, EnableKeyRotation, GetKeyRotationStatus, UpdateKeyRotationInterval } from './rotation';
import { BatchKeyTags, CreateKeyTag, DeleteKeyTag, ListKeyTags } from './tags';

const route = (method: THuaweiMethod, path: string, name: string, operation: THuaweiOperation): THuaweiRoute => ({ method, path, name, operation });
/** Most of the API: POST to the operation's own name. */
const post = (name: string, operation: THuaweiOperation) => route('POST', name, name, operation);

/**
 * Every route Keyfort answers under `/v1.0/{project_id}/kms/` (SPEC §12). Fixed paths come before the
 * `{key_id}/…` ones, so a matcher that takes the first match never reads an operation name as a key ID.
 */
export const HUAWEI_ROUTES: readonly THuaweiRoute[] = Object.freeze([
  post('create-key', CreateKey),
  post('describe-key', DescribeKey),
  post('list-keys', ListKeys),
  post('update-key-alias', UpdateKeyAlias),
  post('update-key-description', UpdateKeyDescription),
  post('enable-key', EnableKey),
  post('disable-key', DisableKey),
  post('schedule-key-deletion', ScheduleKeyDeletion),
  post('cancel-key-deletion', CancelKeyDeletion),
  post('get-parameters-for-import', GetParametersForImport),
  post('import-key-material', ImportKeyMaterial),
  post('delete-imported-key-material', DeleteImportedKeyMaterial),
  post('encrypt-data', EncryptData),
  post('decrypt-data', DecryptData),
  post('create-datakey', CreateDatakey),
  post('create-datakey-without-plaintext', CreateDatakeyWithoutPlaintext),
  post('decrypt-datakey', DecryptDatakey),
  post('encrypt-datakey', EncryptDatakey),
  post('enable-key-rotation', EnableKeyRotation),
  post('disable-key-rotation', DisableKeyRotation),
  post('get-key-rotation-status', GetKeyRotationStatus),
  post('update-key-rotation-interval', UpdateKeyRotationInterval),
  route('POST', 'aliases', 'create-alias', CreateAlias),
  route('GET', 'aliases', 'list-aliases', ListAliases),
  route('DELETE', 'aliases', 'delete-alias', DeleteAliases),
  route('GET', '{key_id}/tags', 'list-key-tags', ListKeyTags),
  route('POST', '{key_id}/tags', 'create-key-tag', CreateKeyTag),
  route('POST', '{key_id}/tags/action', 'batch-create-key-tags', BatchKeyTags),
  route('DELETE', '{key_id}/tags/{tag_key}', 'delete-key-tag', DeleteKeyTag),
]);

export type { THuaweiCall, THuaweiOperation, THuaweiOperationEnv, THuaweiRoute, THuaweiScope } from './operation';
