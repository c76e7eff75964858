// Reads the session and the database: a client component importing this fails the build instead of leaking it.
import 'server-only';
import { requirePagePrincipal } from '@/lib/auth/session';
import { listAccessKeys } from '@/lib/kms';
import type { AccessKeyView } from '@/lib/kms';
import { isKmsError } from '@/lib/kms';
import { rolesCoveredBy } from '@/lib/kms';
import type { Role } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';

export type TAccessKeysResult =
  | { ok: true; accessKeys: AccessKeyView[]; /** The roles the viewer may give a new key (their own role covers them). */ roles: Role[] }
  | { ok: false; reason: 'FORBIDDEN' };

/**
 * The access keys the viewer may see (administrators: all; everyone else: their own). The domain decides (and audits a refusal);
 * a refusal becomes the page's "not allowed" notice rather than an error page.
 */
export async function getAccessKeys(): Promise<TAccessKeysResult> {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  try {
    return { ok: true, accessKeys: await listAccessKeys(ctx, { actor }), roles: rolesCoveredBy(actor.role) };
  } catch (error) {
    if (isKmsError(error) && error.code === 'FORBIDDEN') return { ok: false, reason: 'FORBIDDEN' };
    throw error;
  }
}
