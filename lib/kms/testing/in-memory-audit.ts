import type { AuditFilter, ScanAuditQuery } from '../store';
import type { AuditEvent } from '../types';

// The in-memory store's audit reads, as the Prisma store answers them: exact matches, (at, id) descending.

export function matchesAuditFilter(event: AuditEvent, filter: AuditFilter): boolean {
  return (
    (filter.keyId === undefined || event.keyId === filter.keyId) &&
    (filter.action === undefined || event.action === filter.action) &&
    (filter.result === undefined || event.result === filter.result) &&
    (filter.actorName === undefined || event.actorName === filter.actorName) &&
    (filter.sourceAddress === undefined || event.sourceAddress === filter.sourceAddress)
  );
}

/** A copy the caller may change without touching the store. */
export function copyAuditEvent(event: AuditEvent): AuditEvent {
  return { ...event, at: new Date(event.at), details: event.details && { ...event.details } };
}

function newestFirst(a: AuditEvent, b: AuditEvent): number {
  return b.at.getTime() - a.at.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

export function scanAuditEvents(events: readonly AuditEvent[], query: ScanAuditQuery): AuditEvent[] {
  const { before } = query;
  return events
    .filter((event) => matchesAuditFilter(event, query))
    .filter((event) => !before || event.at < before.at || (event.at.getTime() === before.at.getTime() && event.id < before.id))
    .sort(newestFirst)
    .slice(0, query.limit)
    .map(copyAuditEvent);
}
