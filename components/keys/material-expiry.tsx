'use client';

import { useRouter } from 'next/navigation';
import { useFormatter } from 'next-intl';
import { useEffect } from 'react';
import { DATE_TIME_SECONDS } from '@/components/format';
import { ExpiryCountdown } from './expiry-countdown';
import { useNow } from './use-now';

// While the server still shows the material (its clock may trail the browser's by a moment, and the page is
// rendered once), ask again every few seconds after the countdown reaches zero.
const REFRESH_AFTER_EXPIRY_MS = 2000;

/**
 * When imported material expires, the key is Pending import from that instant (SPEC §5). The page is
 * server-rendered, so it re-reads the key with router.refresh() once the countdown hits zero and keeps doing
 * so until the key view no longer has this expiry, which unmounts this component.
 */
function useRefreshOnExpiry(expiresAt: Date): void {
  const router = useRouter();
  const now = useNow();
  const expired = now !== null && now >= expiresAt.getTime();
  useEffect(() => {
    if (!expired) return;
    router.refresh();
    const timer = setInterval(() => router.refresh(), REFRESH_AFTER_EXPIRY_MS);
    return () => clearInterval(timer);
  }, [expired, router]);
}

/** The material's expiry on the key page: the instant to the second (UTC) and one countdown with its urgency. */
export function MaterialExpiry({ expiresAt }: { expiresAt: Date }) {
  const format = useFormatter();
  useRefreshOnExpiry(expiresAt);
  return (
    <span className="flex flex-wrap items-center gap-x-2 gap-y-1">
      <time dateTime={expiresAt.toISOString()}>{format.dateTime(expiresAt, DATE_TIME_SECONDS)} UTC</time>
      <ExpiryCountdown expiresAt={expiresAt} />
    </span>
  );
}
