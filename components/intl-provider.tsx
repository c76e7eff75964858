'use client';

import { NextIntlClientProvider, type AbstractIntlMessages } from 'next-intl';
import type { ReactNode } from 'react';
import { describeIntlError, messageFallback } from '@/lib/i18n/missing-message';

/**
 * next-intl for client components, with the same missing-message handling as the server (i18n/request.ts):
 * functions cannot travel from the server layout, so they are defined here and only the flag is passed.
 */
export function IntlProvider({
  locale,
  messages,
  markMissing,
  children,
}: {
  locale: string;
  messages: AbstractIntlMessages;
  markMissing: boolean;
  children: ReactNode;
}) {
  return (
    <NextIntlClientProvider
      locale={locale}
      messages={messages}
      // SPEC §1: dates are UTC, in the browser as on the server.
      timeZone="UTC"
      onError={(error) => console.error(`[keyfort] message problem: ${describeIntlError(error)}`)}
      getMessageFallback={(info) => messageFallback(info, markMissing)}
    >
      {children}
    </NextIntlClientProvider>
  );
}
