import type { Principal } from '@/lib/kms/types';
import type { TSignInSubject } from './sign-in-throttle';

/** A signed-in person typing their password: counted per address and per account, like a sign-in. */
export function passwordSubject(actor: Principal): TSignInSubject {
  return { address: actor.source?.address ?? 'unknown', account: actor.name.toLowerCase() };
}
