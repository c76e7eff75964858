import type { AuditEvent } from '@/lib/kms/types';
import { AUDIT_EXPORT_COLUMNS, toExportRecord } from './columns';

// RFC 4180: CRLF between records; a field holding a comma, a quote, CR or LF is quoted, its quotes doubled.

/** Spreadsheets run a cell that starts with one of these as a formula (CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field. A value a spreadsheet would evaluate gets a leading `'` (OWASP's advice), so an actor name
 * or user agent such as `=HYPERLINK(…)` reads as text. Null is an empty field; objects are JSON.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : JSON.stringify(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

export function auditCsvHeader(): string {
  return csvRow(AUDIT_EXPORT_COLUMNS);
}

export function auditCsvRow(event: AuditEvent): string {
  const record = toExportRecord(event);
  return csvRow(AUDIT_EXPORT_COLUMNS.map((column) => record[column]));
}
