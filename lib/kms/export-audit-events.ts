import { z } from 'zod';
import { audited, type AuditDetails } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { AuditFilter, KeyStore } from './store';
import type { AuditEvent, Principal } from './types';
import { parseInput, ZListAuditEventsInput } from './validation';

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type TAuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** Records read per query: the export holds one page in memory, however long the log. */
export const AUDIT_EXPORT_PAGE_SIZE = 500;

const ZExportAuditEventsInput = ZListAuditEventsInput.omit({ page: true, pageSize: true }).extend({
  format: z.enum(AUDIT_EXPORT_FORMATS),
});

export type TExportAuditEventsOptions = z.input<typeof ZExportAuditEventsInput> & { actor: Principal; pageSize?: number };

async function* pagesOf(store: KeyStore, filter: AuditFilter, pageSize: number): AsyncGenerator<AuditEvent[]> {
  let before: { at: Date; id: string } | undefined;
  for (;;) {
    const page = await store.scanAudit({ ...filter, before, limit: pageSize });
    if (page.length > 0) yield page;
    const last = page.at(-1);
    if (page.length < pageSize || !last) return;
    before = { at: last.at, id: last.id };
  }
}

/**
 * Exports the filtered log for a SIEM (administrators and auditors, SPEC §9). The export itself is audited
 * (ExportAuditLog, with its format and filters) before anything is read; the records then come page by
 * page, newest first, read as the caller consumes them.
 */
export async function exportAuditEvents(ctx: KmsContext, options: TExportAuditEventsOptions): Promise<AsyncIterable<AuditEvent[]>> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ExportAuditLog',
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'audit:read');
      const { format, ...filter } = parseInput({ schema: ZExportAuditEventsInput, input: options });
      // Validated values only: an enum, an audit action, a UUID, printable text, an address.
      const details: AuditDetails = { format };
      for (const [name, value] of Object.entries(filter)) if (value !== undefined && name !== 'keyId') details[name] = value;
      await ctx.store.insertAudit({ at: ctx.clock.now(), actor, action: 'ExportAuditLog', keyId: filter.keyId ?? null, result: 'SUCCESS', errorCode: null, details });
      return pagesOf(ctx.store, filter, options.pageSize ?? AUDIT_EXPORT_PAGE_SIZE);
    },
  });
}
