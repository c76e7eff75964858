import { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import type { AuditEvent, Principal } from './types';
import { parseInput } from './validation';

export interface TGetAuditEventOptions {
  actor: Principal;
  id: string;
}

const ZGetAuditEventInput = z.object({ id: z.string().min(1).max(64).regex(/^[0-9A-Za-z-]+$/) });

/** One audit record, whole (the audit page's detail view). Administrators and auditors only (SPEC §9). */
export async function getAuditEvent(ctx: KmsContext, options: TGetAuditEventOptions): Promise<AuditEvent> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListAuditEvents',
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'audit:read');
      const { id } = parseInput({ schema: ZGetAuditEventInput, input: options });
      const event = await ctx.store.findAudit(id);
      if (!event) throw new KmsError('NOT_FOUND', 'No audit record has this ID.');
      return event;
    },
  });
}
