/**
 * Stable audit action names: stored in every record and offered by the audit page filter, so renaming one
 * orphans history. Reads are audited only when refused (SPEC §9: permission refusals).
 */
export const AUDIT_ACTIONS = [
  'CreateKey',
  'UpdateKeyDescription',
  'CreateAlias',
  'DeleteAlias',
  'EnableKey',
  'DisableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
  'PurgeKey',
  'GetParametersForImport',
  'ImportKeyMaterial',
  'DeleteImportedKeyMaterial',
  'ExpireKeyMaterial',
  'SignIn',
  'DescribeKey',
  'ListKeys',
  'ListAuditEvents',
  'Encrypt',
  'Decrypt',
  'GenerateDataKey',
  'GenerateDataKeyWithoutPlaintext',
  'TagResource',
  'UntagResource',
  'ListResourceTags',
  'ListAliases',
  'CreateAccessKey',
  'RevokeAccessKey',
  'ListAccessKeys',
  'ApiAuthentication',
  'SetupCodeRejected',
  'SetupRateLimited',
] as const;

export type AuditAction = (typeof AUDIT_ACTIONS)[number];
