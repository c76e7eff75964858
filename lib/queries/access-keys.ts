import { requirePagePrincipal } from '@/lib/auth/session';
import { listAccessKeys } from '@/lib/kms';
import type { AccessKeyView } from '@/lib/kms/access-key-view';
import { isKmsError } from '@/lib/kms/errors';
import { getKmsContext } from '@/lib/server/kms-context';

export type TAccessKeysResult = { ok: true; accessKeys: AccessKeyView[] } | { ok: false; reason: 'FORBIDDEN' };

/**
 * Every access key for the access-keys page. The domain decides who may see them (and audits a refusal);
 * a refusal becomes the page's "not allowed" notice rather than an error page.
 */
export async function getAccessKeys(): Promise<TAccessKeysResult> {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  try {
    return { ok: true, accessKeys: await listAccessKeys(ctx, { actor }) };
  } catch (error) {
    if (isKmsError(error) && error.code === 'FORBIDDEN') return { ok: false, reason: 'FORBIDDEN' };
    throw error;
  }
}
