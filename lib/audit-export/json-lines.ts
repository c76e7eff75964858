import type { AuditEvent } from '@/lib/kms/types';
import { toExportRecord } from './columns';

/**
 * One JSON Lines record (https://jsonlines.org): one object, then LF. JSON.stringify escapes every control
 * character (CR and LF included) and every lone surrogate, so a value can never break a line in two.
 */
export function auditJsonLine(event: AuditEvent): string {
  return `${JSON.stringify(toExportRecord(event))}\n`;
}
