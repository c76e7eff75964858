// The domain's public API. Edges (console, AWS API, jobs) import from here; deeper paths are for types.
export { AUDIT_ACTIONS, type AuditAction } from './audit-actions';
export { authorize, can, PERMISSIONS, ROLE_PERMISSIONS, type Permission } from './authorize';
export type { KeyPairSource, KmsContext } from './context';
export { KMS_ERROR_CODES, KMS_ERROR_REASONS, KmsError, isKmsError, type KmsErrorCode, type KmsErrorReason } from './errors';
export { effectiveState, hasUsableMaterial, toKeyView, type KeyView, type MaterialStatus } from './key-view';
export { cryptoAvailability, type CryptoAvailability, type CryptoUnavailableReason } from './crypto-availability';
export {
  EXPIRY_URGENCIES,
  EXPIRY_WINDOW_IDS,
  EXPIRY_WINDOWS,
  expiryUrgency,
  expiryWindowMs,
  type ExpiryUrgency,
  type ExpiryWindow,
} from './expiry-urgency';
export { compareKeysForList, expiresWithin } from './key-list-order';
export type { MaterialRemoval } from './material-removal';
export { SYSTEM_PRINCIPAL } from './principals';
export { assertTransition, STATE_ACTIONS, TRANSITIONS, type StateAction, type Target } from './states';
export {
  KEY_PAGE_ACTIONS,
  permittedActions,
  permittedVersionActions,
  VERSION_ACTIONS,
  type ActionRefusal,
  type KeyPageAction,
  type TActionVerdict,
  type TPermittedActions,
  type TPermittedVersionActions,
  type TVersionFacts,
  type VersionAction,
} from './key-permitted-actions';
export {
  systemClock,
  type AccessKeyStore,
  type AuditFilter,
  type Clock,
  type KeyPatch,
  type KeySort,
  type KeyStore,
  type KeyStoreTx,
  type ListAliasesQuery,
  type ListAuditQuery,
  type ListKeysQuery,
  type NewImportToken,
  type NewKey,
  type Page,
  type ScanAuditQuery,
} from './store';
export { compareByteOrder } from './byte-order';
export { decodeBase64 } from './base64';
export { keyIdOfRef, type TKeyRef } from './key-ref';
export { DEFAULT_RESOURCE_LIMITS, type TResourceLimits } from './limits';
export { apiRequestSource, auditedUserAgent } from './request-source';
export { hashImportToken, openTokenPrivateKey } from './import-token';
export { ZAddPersonInput, ZChangeRoleInput, ZNewPassword, ZPersonRef } from './people-validation';
export { ZSessionId, ZUserId } from './session-view';
export * from './types';
export * from './validation';

export { createKey, type TCreateKeyOptions } from './create-key';
export { describeKey, type TDescribeKeyOptions } from './describe-key';
export { listKeys, type TListKeysOptions } from './list-keys';
export { updateKeyDescription, type TUpdateKeyDescriptionOptions } from './update-key-description';
export { createAlias, type TCreateAliasOptions } from './create-alias';
export { updateKeyAlias, type TUpdateKeyAliasOptions } from './update-key-alias';
export { deleteAlias, type TDeleteAliasOptions } from './delete-alias';
export { deleteKeyAliases, type TDeleteKeyAliasesOptions } from './delete-key-aliases';
export { enableKey, type TEnableKeyOptions } from './enable-key';
export { disableKey, type TDisableKeyOptions } from './disable-key';
export { scheduleKeyDeletion, type TScheduleKeyDeletionOptions } from './schedule-key-deletion';
export { cancelKeyDeletion, type TCancelKeyDeletionOptions } from './cancel-key-deletion';
export { purgeDueKeys, type TPurgeDueKeysOptions } from './purge-due-keys';
export { getImportParameters, type TGetImportParametersOptions, type TImportParameters } from './get-import-parameters';
export { importKeyMaterial, type TImportKeyMaterialOptions, type TImportKeyMaterialResult } from './import-key-material';
export { deleteKeyMaterial, type TDeleteKeyMaterialOptions, type TDeleteKeyMaterialResult } from './delete-key-material';
export { rotateKeyOnDemand, type TRotateKeyOnDemandOptions, type TRotateKeyOnDemandResult } from './rotate-key-on-demand';
export { rotateDueKeys, type TRotateDueKeysOptions } from './rotate-due-keys';
export { enableKeyRotation, type TEnableKeyRotationOptions } from './enable-key-rotation';
export { disableKeyRotation, type TDisableKeyRotationOptions } from './disable-key-rotation';
export { getKeyRotationStatus, type TGetKeyRotationStatusOptions, type TKeyRotationStatus } from './get-key-rotation-status';
export { listKeyRotations, type TKeyRotations, type TListKeyRotationsOptions } from './list-key-rotations';
export { backfillKeyCheckValues } from './backfill-key-check-values';
export { toMaterialVersionView, type MaterialVersionView } from './material-versions';
export { summarizeVersions } from './material-summary';
export { expireKeyMaterial, type TExpireKeyMaterialOptions, type TExpireKeyMaterialResult } from './expire-key-material';
export { sweepBeforeServing, type TSweepBeforeServingResult } from './sweep-before-serving';
export { IMPORT_TOKEN_TTL_MS, MAX_FAILED_UNWRAPS } from './import-token';
export { listAuditEvents, type TListAuditEventsOptions } from './list-audit-events';
export { getAuditEvent, type TGetAuditEventOptions } from './get-audit-event';
export {
  AUDIT_EXPORT_FORMATS,
  AUDIT_EXPORT_PAGE_SIZE,
  exportAuditEvents,
  type TAuditExportFormat,
  type TExportAuditEventsOptions,
} from './export-audit-events';
export { aliasesOfKeys, type TAliasesOfKeysOptions } from './aliases-of-keys';
export { recordSignIn, type TRecordSignInOptions } from './record-sign-in';
export { MFA_REQUIRED_SETTING, mustEnrolMfa, readMfaPolicy, type TMfaPolicy } from './mfa-policy';
export { setMfaPolicy, type TSetMfaPolicyOptions } from './set-mfa-policy';
export { recordMfaChange, type TMfaChange, type TRecordMfaChangeOptions } from './record-mfa-change';
export { tagResource, type TTagResourceOptions } from './tag-resource';
export { untagResource, type TUntagResourceOptions } from './untag-resource';
export { listResourceTags, type TListResourceTagsOptions, type TResourceTags } from './list-resource-tags';
export { listAliases, type TAliasList, type TListAliasesOptions } from './list-aliases';
export { toAccessKeyView, type AccessKeyView } from './access-key-view';
export { createAccessKey, type TCreateAccessKeyOptions, type TCreatedAccessKey } from './create-access-key';
export { revokeAccessKey, type TRevokeAccessKeyOptions } from './revoke-access-key';
export { listAccessKeys, type TListAccessKeysOptions } from './list-access-keys';
export { FRESH_AUTHENTICATION_MS, requireFreshAuthentication } from './fresh-authentication';
export { DEFAULT_SESSION_LIMITS, SESSION_ACTIVITY_INTERVAL_MS, sessionVerdict, type TSessionLimits } from './session-lifetime';
export type { SessionOwner, SessionRecord, SessionStore, TSessionsContext } from './session-store';
export { toSessionView, type SessionView } from './session-view';
export { listSessions, type TListSessionsOptions, type TSessionList } from './list-sessions';
export { revokeSession, type TRevokeSessionOptions } from './revoke-session';
export { revokeAllSessions, type TRevokeAllSessionsOptions } from './revoke-all-sessions';
export { confirmReauthentication, type TConfirmReauthenticationOptions } from './confirm-reauthentication';
export { recordAccountEvent, type TAccountEventAction, type TRecordAccountEventOptions } from './record-account-event';
export { resolveAccessKey, type TResolveAccessKeyOptions, type TResolvedAccessKey } from './resolve-access-key';
export { ACCESS_KEY_USE_INTERVAL_MS, recordAccessKeyUse, type TRecordAccessKeyUseOptions } from './record-access-key-use';
export {
  ensureBootstrapAccessKey,
  type TBootstrapAccessKeyResult,
  type TEnsureBootstrapAccessKeyOptions,
} from './ensure-bootstrap-access-key';
export type { NewPerson, PasswordLinkRecord, PeopleStore, PeopleStoreTx, PersonPatch, PersonRecord } from './people-store';
export { toPersonView, type PersonView } from './person-view';
export { roleCovers, rolesCoveredBy } from './role-coverage';
export { PASSWORD_LINK_TTL_MS, type TPasswordLink } from './password-link';
export { listPeople, type TListPeopleOptions } from './list-people';
export { addPerson, type TAddedPerson, type TAddPersonOptions } from './add-person';
export { changeRole, type TChangeRoleOptions } from './change-role';
export { disablePerson, type TDisablePersonOptions } from './disable-person';
export { enablePerson, type TEnablePersonOptions } from './enable-person';
export { removePerson, type TRemovedPerson, type TRemovePersonOptions } from './remove-person';
export { issuePasswordLink, type TIssuePasswordLinkOptions } from './issue-password-link';
export { setPasswordWithLink, type TSetPasswordWithLinkOptions } from './set-password-with-link';
export { encrypt, type TEncryptOptions, type TEncryptResult } from './encrypt';
export { decrypt, type TDecryptOptions, type TDecryptResult } from './decrypt';
export * from './public-limits';
export {
  DATA_KEY_SPEC_BYTES,
  generateDataKey,
  generateDataKeyWithoutPlaintext,
  MAX_DATA_KEY_BYTES,
  type TDataKeySpec,
  type TGenerateDataKeyOptions,
  type TGenerateDataKeyResult,
} from './generate-data-key';
export { ZEncryptionContext, ZEncryptionContextInput } from './encryption-context';
export {
  createKeyCache,
  DEFAULT_KEY_CACHE_TTL_MS,
  followChanges,
  keyCacheTtlFromEnv,
  MAX_KEY_CACHE_TTL_MS,
  type KeyCache,
  type TCacheLookupStats,
  type TCreateKeyCacheOptions,
} from './key-cache';
export { announceChange, createLocalChangeFeed, type ChangeFeed, type TChange, type TPublishedChange } from './change-feed';

export {
  DEFAULT_WRAPPING_ALGORITHM,
  DEFAULT_WRAPPING_KEY_SPEC,
  publicKeyDerToPem,
  WRAPPING_ALGORITHMS,
  WRAPPING_KEY_SPECS,
  type TWrappingAlgorithm,
  type TWrappingKeySpec,
} from './crypto/wrapping';
export { createKeyPairPool, DEFAULT_KEY_PAIR_POOL_SIZE, type KeyPairPool } from './crypto/key-pair-pool';
export { createKeyring, SEAL_PURPOSES, SealedDataError, type Keyring, type SealPurpose } from './crypto/keyring';
export { assertRootKeyMatches, RootKeyMismatchError } from './crypto/root-key-check';
export { evaluationOnlyWarning, loadRootKey, RootKeyError, type LoadedRootKey, type RootKeySource } from './crypto/root-key';
export { describeError, describeStartupError } from './describe-error';
