import { z } from 'zod';
import { AUDIT_ACTIONS, type AuditAction } from '@/lib/kms';
import type { AuditFilter } from '@/lib/kms';
import { ZAuditActorName, ZAuditSourceAddress, ZKeyId } from '@/lib/kms';
import { optionalEnumParam, optionalTextParam, parseSearchParams, ZPageParam, type TSearchParams } from './search-params';

export const AUDIT_RESULTS = ['SUCCESS', 'FAILURE'] as const;

/** The audit page's URL state (also the export link's): ?keyId=&action=&result=&actor=&address=&page=. */
export const ZAuditParams = z.object({
  keyId: optionalTextParam(255),
  action: optionalEnumParam(AUDIT_ACTIONS),
  result: optionalEnumParam(AUDIT_RESULTS),
  actor: optionalTextParam(320),
  address: optionalTextParam(64),
  page: ZPageParam,
});
export type TAuditParams = z.output<typeof ZAuditParams>;

export function parseAuditParams(params: TSearchParams): TAuditParams {
  return parseSearchParams(ZAuditParams, params);
}

/** The filter fields of the URL, as the page's links and the export link carry them on. */
export function auditFilterParams(params: TAuditParams): Record<string, string | undefined> {
  return { keyId: params.keyId, action: params.action, result: params.result, actor: params.actor, address: params.address };
}

export type TAuditFilterField = 'keyId' | 'actor' | 'address';
export type TAuditFilterResult = { ok: true; filter: AuditFilter & { action?: AuditAction } } | { ok: false; invalid: TAuditFilterField };

/**
 * The URL's filters as the domain takes them. Key IDs and addresses are matched exactly (lower case); a
 * partial or mistyped one is pointed out next to its field instead of silently matching nothing.
 */
export function toAuditFilter(params: TAuditParams): TAuditFilterResult {
  const keyId = params.keyId?.toLowerCase();
  if (keyId !== undefined && !ZKeyId.safeParse(keyId).success) return { ok: false, invalid: 'keyId' };
  if (params.actor !== undefined && !ZAuditActorName.safeParse(params.actor).success) return { ok: false, invalid: 'actor' };
  const address = params.address?.toLowerCase();
  if (address !== undefined && !ZAuditSourceAddress.safeParse(address).success) return { ok: false, invalid: 'address' };
  return { ok: true, filter: { keyId, action: params.action, result: params.result, actorName: params.actor, sourceAddress: address } };
}
