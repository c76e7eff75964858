import type { AuditEvent } from '@/lib/kms/types';

/** The export's fields, in order: the CSV header and the JSON Lines keys. */
export const AUDIT_EXPORT_COLUMNS = [
  'id',
  'at',
  'actorType',
  'actorId',
  'actorName',
  'action',
  'keyId',
  'result',
  'errorCode',
  'sourceAddress',
  'userAgent',
  'accessKeyId',
  'via',
  'details',
] as const;

export type TAuditExportRecord = Record<(typeof AUDIT_EXPORT_COLUMNS)[number], unknown>;

/** One record as exported: the time in ISO 8601 UTC, everything else as stored. */
export function toExportRecord(event: AuditEvent): TAuditExportRecord {
  return {
    id: event.id,
    at: event.at.toISOString(),
    actorType: event.actorType,
    actorId: event.actorId,
    actorName: event.actorName,
    action: event.action,
    keyId: event.keyId,
    result: event.result,
    errorCode: event.errorCode,
    sourceAddress: event.sourceAddress,
    userAgent: event.userAgent,
    accessKeyId: event.accessKeyId,
    via: event.via,
    details: event.details,
  };
}
