// Reads the session and the database: a client component importing this fails the build instead of leaking it.
import 'server-only';
import { requirePagePrincipal } from '@/lib/auth/session';
import { aliasesOfKeys, getAuditEvent, listAuditEvents } from '@/lib/kms';
import { isKmsError } from '@/lib/kms';
import type { Page } from '@/lib/kms';
import type { AuditEvent } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';
import { toAuditFilter, type TAuditFilterField, type TAuditParams } from './audit-params';

export { AUDIT_RESULTS, parseAuditParams, ZAuditParams, type TAuditParams } from './audit-params';

export const AUDIT_PAGE_SIZE = 50;

/** Key ID → its alias names, for the page's key column. */
export type TKeyAliases = Readonly<Record<string, readonly string[]>>;

export type TAuditResult =
  | { ok: true; page: Page<AuditEvent>; aliases: TKeyAliases }
  | { ok: false; reason: 'INVALID_FILTER'; field: TAuditFilterField }
  | { ok: false; reason: 'FORBIDDEN' };

function forbidden(error: unknown): { ok: false; reason: 'FORBIDDEN' } {
  if (isKmsError(error) && error.code === 'FORBIDDEN') return { ok: false, reason: 'FORBIDDEN' };
  throw error;
}

/** One page of the log and, in one more read, the aliases of the keys it names. */
export async function getAuditEvents(params: TAuditParams): Promise<TAuditResult> {
  const actor = await requirePagePrincipal();
  const filter = toAuditFilter(params);
  if (!filter.ok) return { ok: false, reason: 'INVALID_FILTER', field: filter.invalid };
  const ctx = await getKmsContext();
  try {
    const page = await listAuditEvents(ctx, { actor, ...filter.filter, page: params.page, pageSize: AUDIT_PAGE_SIZE });
    const keyIds = page.items.flatMap((event) => (event.keyId ? [event.keyId] : []));
    const aliases = keyIds.length > 0 ? Object.fromEntries(await aliasesOfKeys(ctx, { actor, keyIds })) : {};
    return { ok: true, page, aliases };
  } catch (error) {
    return forbidden(error);
  }
}

export type TAuditRecordResult = { ok: true; event: AuditEvent; aliases: readonly string[] } | { ok: false; reason: 'FORBIDDEN' | 'NOT_FOUND' };

/** One record, whole, for its detail page. */
export async function getAuditRecord(id: string): Promise<TAuditRecordResult> {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  try {
    const event = await getAuditEvent(ctx, { actor, id });
    const aliases = event.keyId ? ((await aliasesOfKeys(ctx, { actor, keyIds: [event.keyId] })).get(event.keyId) ?? []) : [];
    return { ok: true, event, aliases };
  } catch (error) {
    if (isKmsError(error) && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION')) return { ok: false, reason: 'NOT_FOUND' };
    return forbidden(error);
  }
}
