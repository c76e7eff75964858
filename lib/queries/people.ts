// Reads the session and the database: a client component importing this fails the build instead of leaking it.
import 'server-only';
import { requirePagePrincipal } from '@/lib/auth/session';
import { listPeople } from '@/lib/kms';
import { isKmsError } from '@/lib/kms';
import type { PersonView } from '@/lib/kms';
import type { Principal } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';

export type TPeopleResult = { ok: true; people: PersonView[]; actor: Principal } | { ok: false; reason: 'FORBIDDEN' };

/** Everyone, for the People page. The domain decides who may see them (administrators) and audits a refusal. */
export async function getPeople(): Promise<TPeopleResult> {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  try {
    return { ok: true, people: await listPeople(ctx, { actor }), actor };
  } catch (error) {
    if (isKmsError(error) && error.code === 'FORBIDDEN') return { ok: false, reason: 'FORBIDDEN' };
    throw error;
  }
}
