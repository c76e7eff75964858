import { AUDIT_ACTIONS, type AuditAction } from '@/lib/kms';

/**
 * What the action filter offers: exactly the actions the domain records (lib/kms/audit-actions.ts, the one
 * list), in that order. A second list here would drift: an action added there would be unfilterable.
 */
export const AUDIT_ACTION_OPTIONS: readonly AuditAction[] = AUDIT_ACTIONS;
