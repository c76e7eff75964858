import type { AuditAction } from './audit-actions';
import type { AuditDetails } from './audited';
import type { PersonRecord } from './people-store';
import { ZPersonId } from './people-validation';
import { isRole } from './role-coverage';
import type { AuditEventInput, Principal, Role } from './types';

/** What the People page shows of a person. */
export interface PersonView {
  id: string;
  email: string;
  name: string;
  /** Null for a role Keyfort does not know: such a person cannot sign in. */
  role: Role | null;
  status: 'ACTIVE' | 'DISABLED';
  lastSignInAt: Date | null;
  twoFactorEnabled: boolean;
  createdAt: Date;
}

export function toPersonView(record: PersonRecord): PersonView {
  return {
    id: record.id,
    email: record.email,
    name: record.name,
    role: isRole(record.role) ? record.role : null,
    status: record.disabledAt === null ? 'ACTIVE' : 'DISABLED',
    lastSignInAt: record.lastSignInAt,
    twoFactorEnabled: record.twoFactorEnabled,
    createdAt: record.createdAt,
  };
}

/** Counts towards "the last active Administrator". */
export function isActiveAdministrator(record: PersonRecord): boolean {
  return record.role === 'ADMINISTRATOR' && record.disabledAt === null;
}

/** The target of a people change, as audit details: its ID and email (never a link token or password). */
export function targetDetails(record: Pick<PersonRecord, 'id' | 'email'>): AuditDetails {
  return { targetUserId: record.id, targetEmail: record.email };
}

/** `{ targetUserId }` for a failure record when the raw input is a well-formed person ID (cf. aliasDetail). */
export function targetUserDetail(userId: unknown): AuditDetails | undefined {
  return ZPersonId.safeParse(userId).success ? { targetUserId: userId as string } : undefined;
}

export type PeopleAuditAction = Extract<
  AuditAction,
  'AddPerson' | 'ChangeRole' | 'DisablePerson' | 'EnablePerson' | 'RemovePerson' | 'IssuePasswordLink' | 'SetPassword'
>;

/** A success record of a people change: no key ID (people belong to no key). */
export function personAuditEvent(options: { at: Date; actor: Principal; action: PeopleAuditAction; details: AuditDetails }): AuditEventInput {
  return { ...options, keyId: null, result: 'SUCCESS', errorCode: null };
}
