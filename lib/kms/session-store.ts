import type { KmsContext } from './context';
import type { TSessionLimits } from './session-lifetime';
import type { AuditEventInput } from './types';

/** A console session, as stored by the sign-in library. Its cookie token is never read here: ids only. */
export interface SessionRecord {
  id: string;
  userId: string;
  createdAt: Date;
  expiresAt: Date;
  /** The last recorded request (written at most once a minute); null until the first one after sign-in. */
  lastActiveAt: Date | null;
  /** The last password or code entered in this session; null means at sign-in (createdAt). */
  authenticatedAt: Date | null;
  ipAddress: string | null;
  userAgent: string | null;
}

/** Whose sessions a page shows: enough to name the person, nothing more. */
export interface SessionOwner {
  id: string;
  email: string;
  name: string;
}

/**
 * Console sessions. Every change is one transaction with its audit record, conditional in the database, so
 * two administrators ending the same session never both succeed.
 */
export interface SessionStore {
  findSession(id: string): Promise<SessionRecord | null>;
  findOwner(userId: string): Promise<SessionOwner | null>;
  /** The person's sessions, most recently started first. */
  listSessions(userId: string): Promise<SessionRecord[]>;
  /** DELETE … WHERE id = ? AND userId = ?, with the audit record; false (nothing written) when no such row. */
  deleteSession(options: { id: string; userId: string }, audit: AuditEventInput): Promise<boolean>;
  /** Deletes every session of the person but `exceptId`; the audit record is built from the count deleted. */
  deleteSessionsOfUser(options: { userId: string; exceptId?: string }, audit: (count: number) => AuditEventInput): Promise<number>;
  /** An expired session ends without an audit record: nobody acted. */
  expireSession(id: string): Promise<void>;
  /** UPDATE … SET lastActiveAt = now WHERE id = ? AND (lastActiveAt IS NULL OR lastActiveAt <= now - minIntervalMs). */
  touchSession(id: string, now: Date, minIntervalMs: number): Promise<void>;
  /** Sets authenticatedAt = now with the audit record; false when the session is gone. */
  markAuthenticated(id: string, now: Date, audit: AuditEventInput): Promise<boolean>;
}

/** What the session operations need: the audit log and clock of the domain, the sessions and their limits. */
export type TSessionsContext = Pick<KmsContext, 'store' | 'clock'> & { sessions: SessionStore; sessionLimits: TSessionLimits };
