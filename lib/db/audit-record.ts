import { randomUUID } from 'node:crypto';
import type { AuditEvent, AuditEventInput, AuditResult, Principal, TRequestVia } from '@/lib/kms/types';
import type { AuditEvent as AuditEventRow, Prisma } from './generated/sqlite/client';

type Details = NonNullable<AuditEvent['details']>;

export function toAuditCreateData(event: AuditEventInput): Prisma.AuditEventCreateInput {
  return {
    id: randomUUID(),
    at: event.at,
    actorType: event.actor.type,
    actorId: event.actor.id,
    actorName: event.actor.name,
    action: event.action,
    keyId: event.keyId,
    result: event.result,
    errorCode: event.errorCode,
    // A JSON string keeps one column type on both providers; details are small, flat and never queried.
    details: event.details === undefined ? null : JSON.stringify(event.details),
    sourceAddress: event.actor.source?.address ?? null,
    userAgent: event.actor.source?.userAgent ?? null,
    accessKeyId: event.actor.source?.accessKeyId ?? null,
    via: event.actor.source?.via ?? null,
  };
}

export function toAuditEvent(row: AuditEventRow): AuditEvent {
  return {
    id: row.id,
    at: row.at,
    actorType: row.actorType as Principal['type'],
    actorId: row.actorId,
    actorName: row.actorName,
    action: row.action,
    keyId: row.keyId,
    result: row.result as AuditResult,
    errorCode: row.errorCode,
    details: row.details === null ? null : (JSON.parse(row.details) as Details),
    sourceAddress: row.sourceAddress,
    userAgent: row.userAgent,
    accessKeyId: row.accessKeyId,
    via: row.via as TRequestVia | null,
  };
}
