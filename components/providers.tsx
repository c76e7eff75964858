'use client';

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import * as TooltipPrimitive from '@radix-ui/react-tooltip';
import { useState, type ReactNode } from 'react';
import { adoptStyleNonce } from './adopt-style-nonce';
import { ToastProvider } from './ui/toast';

// Once per page load, before any dialog can open.
adoptStyleNonce();

/** Client-side context for the whole app: react-query (mutations, later polling) and toasts. */
export function Providers({ children }: { children: ReactNode }) {
  // One client per browser tab, created lazily so server renders never share one between users.
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: { staleTime: 30_000, refetchOnWindowFocus: false },
          // A KMS mutation is never retried blindly: the user decides after reading the error.
          mutations: { retry: false },
        },
      }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TooltipPrimitive.Provider delayDuration={300}>
        <ToastProvider>{children}</ToastProvider>
      </TooltipPrimitive.Provider>
    </QueryClientProvider>
  );
}
