import { z } from 'zod';
import { requirePagePrincipal } from '@/lib/auth/session';
import { listAuditEvents } from '@/lib/kms';
import { AUDIT_ACTIONS } from '@/lib/kms/audit-actions';
import type { AuditEvent } from '@/lib/kms/types';
import type { Page } from '@/lib/kms/store';
import { ZKeyId } from '@/lib/kms/validation';
import { getKmsContext } from '@/lib/server/kms-context';
import { optionalEnumParam, optionalTextParam, parseSearchParams, ZPageParam, type TSearchParams } from './search-params';

export const AUDIT_PAGE_SIZE = 50;
export const AUDIT_RESULTS = ['SUCCESS', 'FAILURE'] as const;

/** The audit page's URL state: ?keyId=&action=&result=&page=. */
export const ZAuditParams = z.object({
  keyId: optionalTextParam(255),
  action: optionalEnumParam(AUDIT_ACTIONS),
  result: optionalEnumParam(AUDIT_RESULTS),
  page: ZPageParam,
});
export type TAuditParams = z.output<typeof ZAuditParams>;

export function parseAuditParams(params: TSearchParams): TAuditParams {
  return parseSearchParams(ZAuditParams, params);
}

export type TAuditResult = { ok: true; page: Page<AuditEvent> } | { ok: false; reason: 'INVALID_KEY_ID' };

export async function getAuditEvents(params: TAuditParams): Promise<TAuditResult> {
  const actor = await requirePagePrincipal();
  // Key IDs are matched exactly; a partial or mistyped one is pointed out next to the filter.
  const keyId = params.keyId?.toLowerCase();
  if (keyId !== undefined && !ZKeyId.safeParse(keyId).success) return { ok: false, reason: 'INVALID_KEY_ID' };
  const ctx = await getKmsContext();
  const page = await listAuditEvents(ctx, {
    actor,
    keyId,
    action: params.action,
    result: params.result,
    page: params.page,
    pageSize: AUDIT_PAGE_SIZE,
  });
  return { ok: true, page };
}
