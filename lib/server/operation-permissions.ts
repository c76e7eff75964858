import { can, type Permission } from '@/lib/kms';
import { ROLES, type Principal } from '@/lib/kms/types';

/**
 * What each operation needs: the permission the domain operation behind it authorises with, `signed-in`
 * (any signed-in person, acting on their own account) or `public` (before sign-in; rate-limited instead).
 */
export type TOperationRule = Permission | 'signed-in' | 'public';

// The one table of who may do what, outside the domain. lib/server/role-operation-matrix.test.ts walks every
// role × every entry and calls the real action / API operation, so an entry that disagrees with the domain
// fails, and so does an exported `…Action` in app/**/actions.ts or a registered API operation without one.
//
// Adding an operation: add its line here (console actions by export name, AWS API operations by X-Amz-Target
// name, Huawei routes by route name with their AWS twins, console reads by the domain function a page or
// route handler calls), then a sample input in lib/server/role-operation-matrix.samples.ts so the matrix can
// call it (a missing one is a type error).
// The console hides controls with `mayRunAction(principal, '<name>Action')` and navigation with
// `mayRead(principal, '<domain function>')`, so the pages read this table too.

/** Every exported server action of app/**\/actions.ts, by its export name. */
export const CONSOLE_ACTION_RULES = {
  // app/(auth)/actions.ts
  signInAction: 'public',
  setupAction: 'public',
  signOutAction: 'signed-in',
  // the language before signing in: a cookie only, nothing stored
  setSignedOutLocaleAction: 'public',
  // app/(console)/actions.ts: one's own console language
  setLocaleAction: 'signed-in',
  // app/(console)/keys/new/actions.ts
  createKeyAction: 'keys:manage',
  // app/(console)/keys/[keyId]/actions.ts
  enableKeyAction: 'keys:manage',
  disableKeyAction: 'keys:manage',
  updateKeyDescriptionAction: 'keys:manage',
  createAliasAction: 'keys:manage',
  deleteAliasAction: 'keys:manage',
  scheduleKeyDeletionAction: 'keys:manage',
  cancelKeyDeletionAction: 'keys:manage',
  getImportParametersAction: 'keys:import',
  importKeyMaterialAction: 'keys:import',
  deleteKeyMaterialAction: 'keys:import',
  rotateKeyOnDemandAction: 'keys:manage',
  enableKeyRotationAction: 'keys:manage',
  disableKeyRotationAction: 'keys:manage',
  encryptTextAction: 'keys:use',
  decryptTextAction: 'keys:use',
  // app/(console)/access-keys/actions.ts: everyone holds access keys of their own (a role their own covers);
  // 'access-keys:manage' (administrators) reaches everyone's. The domain checks both (access-key-ownership.ts).
  createAccessKeyAction: 'signed-in',
  revokeAccessKeyAction: 'signed-in',
  // app/(console)/people/actions.ts
  addPersonAction: 'users:manage',
  issuePasswordLinkAction: 'users:manage',
  changeRoleAction: 'users:manage',
  disablePersonAction: 'users:manage',
  enablePersonAction: 'users:manage',
  removePersonAction: 'users:manage',
  // app/(auth)/set-password/actions.ts: the one-time link is the credential (rate-limited per address)
  setPasswordAction: 'public',
  // app/(auth)/sign-in/code/actions.ts: the second step of a sign-in already under way
  verifySignInCodeAction: 'public',
  // app/(console)/account/security/actions.ts: one's own multi-factor sign-in (password asked again)
  startMfaEnrolmentAction: 'signed-in',
  confirmMfaEnrolmentAction: 'signed-in',
  disableMfaAction: 'signed-in',
  regenerateRecoveryCodesAction: 'signed-in',
  // app/(console)/account/**: one's own sessions and password (administrators also end anyone's sessions:
  // the domain decides whose, lib/kms/session-view.ts authorizeSessionsOf); the re-authentication dialog
  reauthenticateAction: 'signed-in',
  revokeSessionAction: 'signed-in',
  revokeAllSessionsAction: 'signed-in',
  changePasswordAction: 'signed-in',
  // app/(console)/settings/actions.ts
  setMfaPolicyAction: 'users:manage',
} as const satisfies Record<`${string}Action`, TOperationRule>;

export type TConsoleActionName = keyof typeof CONSOLE_ACTION_RULES;

/** Every operation of the AWS-compatible API (lib/aws-api/operations), by its X-Amz-Target name. */
export const API_OPERATION_RULES = {
  CreateKey: 'keys:manage',
  DescribeKey: 'keys:read',
  ListKeys: 'keys:read',
  UpdateKeyDescription: 'keys:manage',
  EnableKey: 'keys:manage',
  DisableKey: 'keys:manage',
  ScheduleKeyDeletion: 'keys:manage',
  CancelKeyDeletion: 'keys:manage',
  CreateAlias: 'keys:manage',
  DeleteAlias: 'keys:manage',
  ListAliases: 'keys:read',
  GetParametersForImport: 'keys:import',
  ImportKeyMaterial: 'keys:import',
  DeleteImportedKeyMaterial: 'keys:import',
  // SPEC §9: rotation belongs to key managers (key lifecycle); its status and history are metadata anyone may read.
  RotateKeyOnDemand: 'keys:manage',
  EnableKeyRotation: 'keys:manage',
  DisableKeyRotation: 'keys:manage',
  GetKeyRotationStatus: 'keys:read',
  ListKeyRotations: 'keys:read',
  Encrypt: 'keys:use',
  Decrypt: 'keys:use',
  GenerateDataKey: 'keys:use',
  GenerateDataKeyWithoutPlaintext: 'keys:use',
  TagResource: 'keys:manage',
  UntagResource: 'keys:manage',
  ListResourceTags: 'keys:read',
} as const satisfies Record<string, Permission>;

export type TApiOperationName = keyof typeof API_OPERATION_RULES;

/**
 * Every route of the Huawei-compatible API (HUAWEI_ROUTES, lib/huawei-api/operations/index.ts), by route name,
 * with the AWS operations that do its work. The permission is the first twin's, so the two APIs cannot drift
 * apart (one key, two APIs: SPEC §12); the matrix checks that every twin listed needs the same one.
 */
export const HUAWEI_AWS_TWINS = {
  'create-key': ['CreateKey'],
  'describe-key': ['DescribeKey'],
  'list-keys': ['ListKeys'],
  // AWS's UpdateAlias is not Keyfort's (aliases never move); replacing the key's alias is a delete and a create.
  'update-key-alias': ['CreateAlias', 'DeleteAlias'],
  'update-key-description': ['UpdateKeyDescription'],
  'enable-key': ['EnableKey'],
  'disable-key': ['DisableKey'],
  'schedule-key-deletion': ['ScheduleKeyDeletion'],
  'cancel-key-deletion': ['CancelKeyDeletion'],
  'get-parameters-for-import': ['GetParametersForImport'],
  'import-key-material': ['ImportKeyMaterial'],
  'delete-imported-key-material': ['DeleteImportedKeyMaterial'],
  'encrypt-data': ['Encrypt'],
  'decrypt-data': ['Decrypt'],
  'create-datakey': ['GenerateDataKey'],
  'create-datakey-without-plaintext': ['GenerateDataKeyWithoutPlaintext'],
  'decrypt-datakey': ['Decrypt'],
  'encrypt-datakey': ['Encrypt'],
  'enable-key-rotation': ['EnableKeyRotation'],
  'disable-key-rotation': ['DisableKeyRotation'],
  'get-key-rotation-status': ['GetKeyRotationStatus'],
  // Sets the period and turns rotation on: AWS EnableKeyRotation with RotationPeriodInDays.
  'update-key-rotation-interval': ['EnableKeyRotation'],
  'create-alias': ['CreateAlias'],
  'list-aliases': ['ListAliases'],
  'delete-alias': ['DeleteAlias'],
  'list-key-tags': ['ListResourceTags'],
  'create-key-tag': ['TagResource'],
  // tags/action: `create` tags, `delete` untags.
  'batch-create-key-tags': ['TagResource', 'UntagResource'],
  'delete-key-tag': ['UntagResource'],
} as const satisfies Record<string, readonly [TApiOperationName, ...TApiOperationName[]]>;

export type THuaweiRouteName = keyof typeof HUAWEI_AWS_TWINS;

/** What each Huawei route needs: its AWS twin's permission, derived, never restated. */
export const HUAWEI_ROUTE_RULES = Object.fromEntries(
  Object.entries(HUAWEI_AWS_TWINS).map(([name, [twin]]) => [name, API_OPERATION_RULES[twin]]),
) as { readonly [K in THuaweiRouteName]: (typeof API_OPERATION_RULES)[(typeof HUAWEI_AWS_TWINS)[K][0]] };

/**
 * Domain reads behind console pages and route handlers (lib/queries/*.ts, app/**\/route.ts import them from
 * '@/lib/kms'), by function name: what a page may show.
 */
export const CONSOLE_READ_RULES = {
  listKeys: 'keys:read',
  describeKey: 'keys:read',
  listKeyRotations: 'keys:read',
  getKeyRotationStatus: 'keys:read',
  aliasesOfKeys: 'keys:read',
  listAuditEvents: 'audit:read',
  getAuditEvent: 'audit:read',
  exportAuditEvents: 'audit:read',
  listAccessKeys: 'signed-in',
  listPeople: 'users:manage',
} as const satisfies Record<string, TOperationRule>;

export type TConsoleReadName = keyof typeof CONSOLE_READ_RULES;

/** Whether the rule lets this principal (null: nobody signed in) run the operation. */
export function ruleAllows(rule: TOperationRule, principal: Principal | null): boolean {
  if (rule === 'public') return true;
  if (principal === null) return false;
  // A person with a role Keyfort does not know may do nothing at all, not even their own account's business.
  if (rule === 'signed-in') return (ROLES as readonly string[]).includes(principal.role);
  return can(principal, rule);
}

/** For pages: offer a control only when its action would be allowed (the action still checks). */
export function mayRunAction(principal: Principal | null, action: TConsoleActionName): boolean {
  return ruleAllows(CONSOLE_ACTION_RULES[action], principal);
}

/** For navigation and pages: whether a page's read would be allowed (the read still checks). */
export function mayRead(principal: Principal | null, read: TConsoleReadName): boolean {
  return ruleAllows(CONSOLE_READ_RULES[read], principal);
}
