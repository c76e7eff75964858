'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useTransition } from 'react';
import { useReauthentication } from '@/components/account/reauthentication-context';
import type { ActionResult } from '@/lib/server/action';

type ServerAction<I, T> = (input: I) => Promise<ActionResult<T>>;

/**
 * Calls a server action written with defineAction and tracks it: `pending` stays true until the page's
 * server data has been refreshed, so buttons never re-enable over stale data. A transport failure (server
 * unreachable) becomes the same INTERNAL result as a server fault.
 *
 * Sensitive actions (SPEC §9) may answer REAUTHENTICATION_REQUIRED: the console's re-authentication dialog
 * then asks for the password in place and, once it is accepted, the same action runs again with the same
 * input, so the person's flow simply continues. Cancelled, the caller gets the refusal to show. UNAUTHENTICATED
 * (the session ended) refreshes the page, which sends the person to sign-in and back here afterwards.
 */
export function useAction<I, T>(action: ServerAction<I, T>, options: { refresh?: boolean } = {}) {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  const refresh = options.refresh ?? true;
  const reauthenticate = useReauthentication();

  const mutation = useMutation<ActionResult<T>, never, I>({
    mutationFn: async (input) => {
      const call = async (): Promise<ActionResult<T>> => {
        try {
          return await action(input);
        } catch {
          return { ok: false, code: 'INTERNAL' };
        }
      };
      const result = await call();
      if (result.ok || result.code !== 'REAUTHENTICATION_REQUIRED' || !reauthenticate) return result;
      return (await reauthenticate()) ? call() : result;
    },
  });
  const { mutateAsync, reset } = mutation;

  const run = useCallback(
    async (input: I): Promise<ActionResult<T>> => {
      const result = await mutateAsync(input);
      // INVALID_STATE means the page shows a stale state (someone else changed the key): refresh it so
      // the offered actions match the key again, while the error stays on screen.
      if ((refresh && (result.ok || result.code === 'INVALID_STATE')) || (!result.ok && result.code === 'UNAUTHENTICATED')) {
        startTransition(() => router.refresh());
      }
      return result;
    },
    [mutateAsync, refresh, router],
  );

  const failure = mutation.data && !mutation.data.ok ? mutation.data : null;
  return { run, pending: mutation.isPending || refreshing, failure, reset };
}
