import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import type { Page } from './store';
import type { AuditEvent, Principal } from './types';
import { ZListAuditEventsInput, parseInput } from './validation';

export type TListAuditEventsOptions = z.input<typeof ZListAuditEventsInput> & { actor: Principal };

/** Newest first. Administrators and auditors only (SPEC §9). */
export async function listAuditEvents(ctx: KmsContext, options: TListAuditEventsOptions): Promise<Page<AuditEvent>> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListAuditEvents',
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'audit:read');
      const input = parseInput({ schema: ZListAuditEventsInput, input: options });
      return ctx.store.listAudit(input);
    },
  });
}
