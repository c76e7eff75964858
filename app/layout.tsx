import type { Metadata } from 'next';
import { getLocale, getMessages, getTranslations } from 'next-intl/server';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { IntlProvider } from '@/components/intl-provider';
import { Providers } from '@/components/providers';
import { markMissingMessages } from '@/lib/i18n/missing-message';
import './globals.css';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('common');
  return {
    title: { template: `%s · ${t('appName')}`, default: t('appName') },
    robots: { index: false, follow: false },
    // Both files are in public/ (proxy.ts lets them through signed out); browsers that ask for /favicon.ico
    // on their own get the same icon.
    icons: { icon: [{ url: '/favicon.svg', type: 'image/svg+xml' }, { url: '/favicon.ico', sizes: '16x16 32x32 48x48' }] },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page, the not-found page included, renders per request: Next can only put the request's CSP nonce
  // (proxy.ts) on its script tags then. A page built ahead of time would carry none, and its scripts be refused.
  await connection();
  // The request's language (i18n/request.ts): 'en' or 'zh-CN', a BCP 47 tag as `lang` wants it.
  const [locale, messages] = await Promise.all([getLocale(), getMessages()]);
  return (
    <html lang={locale}>
      <body>
        <IntlProvider locale={locale} messages={messages} markMissing={markMissingMessages(process.env)}>
          <Providers>{children}</Providers>
        </IntlProvider>
      </body>
    </html>
  );
}
