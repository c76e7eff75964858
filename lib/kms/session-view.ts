import { z } from 'zod';
import { authorize } from './authorize';
import type { SessionRecord } from './session-store';
import type { Principal } from './types';

/** What the console shows of a session: never its token, which would let the reader act as its owner. */
export interface SessionView {
  id: string;
  userId: string;
  /** The browser's user agent as it sent it at sign-in (display only, never trusted). */
  userAgent: string | null;
  address: string | null;
  startedAt: Date;
  /** The last recorded request (to the minute), or the sign-in when none was recorded yet. */
  lastActiveAt: Date;
  /** The session this request came with. */
  current: boolean;
}

/** Better Auth's ids (32 alphanumerics); anything else is refused before it reaches a query or the audit log. */
export const ZSessionId = z.string().min(1).max(128).regex(/^[A-Za-z0-9_-]+$/);
export const ZUserId = ZSessionId;

export function toSessionView(record: SessionRecord, actor: Principal): SessionView {
  return {
    id: record.id,
    userId: record.userId,
    userAgent: record.userAgent,
    address: record.ipAddress,
    startedAt: record.createdAt,
    lastActiveAt: record.lastActiveAt && record.lastActiveAt > record.createdAt ? record.lastActiveAt : record.createdAt,
    current: actor.type === 'user' && record.id === actor.sessionId,
  };
}

/** SPEC §9: people see and end their own sessions; administrators (users:manage) anyone's. */
export function authorizeSessionsOf(actor: Principal, userId: string): void {
  if (actor.type === 'user' && actor.id === userId) return;
  authorize(actor, 'users:manage');
}

/** `{ userId }` (and `sessionId`) for a failure record, only when well formed: hostile input stays out of the log. */
export function sessionDetails(input: { userId?: unknown; sessionId?: unknown }): Record<string, string> | undefined {
  const details: Record<string, string> = {};
  if (ZUserId.safeParse(input.userId).success) details.userId = input.userId as string;
  if (ZSessionId.safeParse(input.sessionId).success) details.sessionId = input.sessionId as string;
  return Object.keys(details).length > 0 ? details : undefined;
}
