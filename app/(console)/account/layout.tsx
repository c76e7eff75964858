import type { ReactNode } from 'react';
import { AccountTabs } from '@/components/account/account-tabs';

export default function AccountLayout({ children }: { children: ReactNode }) {
  return (
    <>
      <AccountTabs />
      {children}
    </>
  );
}
