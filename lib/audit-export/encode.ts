import type { TAuditExportFormat } from '@/lib/kms';
import type { AuditEvent } from '@/lib/kms/types';
import { auditCsvHeader, auditCsvRow } from './csv';
import { auditJsonLine } from './json-lines';

export const AUDIT_EXPORT_CONTENT_TYPES: Record<TAuditExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  jsonl: 'application/jsonl; charset=utf-8',
};

/** `keyfort-audit-20301231T235959Z.csv`: sortable, and nothing a header or a file system would mangle. */
export function auditExportFilename(format: TAuditExportFormat, at: Date): string {
  const stamp = at.toISOString().replace(/\.\d{3}Z$/, 'Z').replaceAll(/[-:]/g, '');
  return `keyfort-audit-${stamp}.${format}`;
}

/**
 * The export as a byte stream: pulls one page of records at a time from `pages` (only when the client has
 * read the previous one), so memory stays one page whatever the log's length.
 */
export function encodeAuditExport(format: TAuditExportFormat, pages: AsyncIterable<AuditEvent[]>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        if (format === 'csv') return controller.enqueue(encoder.encode(auditCsvHeader()));
      }
      const next = await iterator.next();
      if (next.done) return controller.close();
      const encode = format === 'csv' ? auditCsvRow : auditJsonLine;
      controller.enqueue(encoder.encode(next.value.map(encode).join('')));
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
