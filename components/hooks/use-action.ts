'use client';

import { useMutation } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useCallback, useTransition } from 'react';
import type { ActionResult } from '@/lib/server/action';

type ServerAction<I, T> = (input: I) => Promise<ActionResult<T>>;

/**
 * Calls a server action written with defineAction and tracks it: `pending` stays true until the page's
 * server data has been refreshed, so buttons never re-enable over stale data. A transport failure (server
 * unreachable) becomes the same INTERNAL result as a server fault.
 */
export function useAction<I, T>(action: ServerAction<I, T>, options: { refresh?: boolean } = {}) {
  const router = useRouter();
  const [refreshing, startTransition] = useTransition();
  const refresh = options.refresh ?? true;

  const mutation = useMutation<ActionResult<T>, never, I>({
    mutationFn: async (input) => {
      try {
        return await action(input);
      } catch {
        return { ok: false, code: 'INTERNAL' };
      }
    },
  });
  const { mutateAsync, reset } = mutation;

  const run = useCallback(
    async (input: I): Promise<ActionResult<T>> => {
      const result = await mutateAsync(input);
      // INVALID_STATE means the page shows a stale state (someone else changed the key): refresh it so
      // the offered actions match the key again, while the error stays on screen.
      if (refresh && (result.ok || result.code === 'INVALID_STATE')) startTransition(() => router.refresh());
      return result;
    },
    [mutateAsync, refresh, router],
  );

  const failure = mutation.data && !mutation.data.ok ? mutation.data : null;
  return { run, pending: mutation.isPending || refreshing, failure, reset };
}
