import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { AccountIcon, CredentialIcon, KeyIcon, ListIcon, PeopleIcon, ShieldIcon, SlidersIcon } from '@/components/ui/icons';
import type { Role } from '@/lib/kms/types';
import { navigationPermissions } from '@/lib/server/console-permissions';
import { LanguageSwitch, type TSetLocale } from './language-switch';
import { MobileNav } from './mobile-nav';
import { NavLink } from './nav-link';

export interface ShellUser {
  name: string;
  role: Role;
}

/**
 * Top bar (product, language, signed-in user, sign out) and side navigation. `signOut` is a form rendered by
 * the caller and `setLocale` its server action, so the shell stays free of auth wiring.
 */
export function AppShell({ user, signOut, setLocale, children }: { user: ShellUser; signOut: ReactNode; setLocale: TSetLocale; children: ReactNode }) {
  const t = useTranslations('common');
  // Links only to what the role may open; the pages check again (the domain decides, not the menu). Every
  // person holds access keys of their own; only administrators manage people and settings.
  const nav = navigationPermissions({ type: 'user', id: '', name: user.name, role: user.role });
  const tm = useTranslations('mfa.nav');
  // Drawn twice: as the sidebar from `md` up, and inside the menu drawer below it (only one is ever shown).
  const links = (
    <ul className="space-y-0.5">
      <li>
        <NavLink href="/keys" icon={<KeyIcon width={15} height={15} />}>
          {t('nav.keys')}
        </NavLink>
      </li>
      {nav.audit ? (
        <li>
          <NavLink href="/audit" icon={<ListIcon width={15} height={15} />}>
            {t('nav.audit')}
          </NavLink>
        </li>
      ) : null}
      {nav.accessKeys ? (
        <li>
          <NavLink href="/access-keys" icon={<CredentialIcon width={15} height={15} />}>
            {t('nav.accessKeys')}
          </NavLink>
        </li>
      ) : null}
      {nav.people ? (
        <li>
          <NavLink href="/people" icon={<PeopleIcon width={15} height={15} />}>
            {t('nav.people')}
          </NavLink>
        </li>
      ) : null}
      <li>
        <NavLink href="/account/security" icon={<ShieldIcon width={15} height={15} />}>
          {tm('security')}
        </NavLink>
      </li>
      {nav.settings ? (
        <li>
          <NavLink href="/settings" icon={<SlidersIcon width={15} height={15} />}>
            {tm('settings')}
          </NavLink>
        </li>
      ) : null}
      {/* Everyone: their own sessions and password. */}
      <li>
        <NavLink href="/account" icon={<AccountIcon width={15} height={15} />}>
          {t('nav.account')}
        </NavLink>
      </li>
    </ul>
  );
  return (
    <div className="flex min-h-screen flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded bg-white px-3 py-2 text-brand-700 focus:not-sr-only focus:fixed focus:top-2 focus:left-2"
      >
        {t('skipToContent')}
      </a>
      <header className="flex h-12 shrink-0 items-center justify-between gap-4 bg-gray-900 px-3 sm:px-4 text-gray-100">
        <div className="flex min-w-0 items-center gap-2">
          <MobileNav footer={<LanguageSwitch action={setLocale} />}>
            <nav aria-label={t('nav.label')}>{links}</nav>
          </MobileNav>
          <span className="rounded bg-brand-600 p-1 text-white" aria-hidden="true">
            <KeyIcon width={14} height={14} />
          </span>
          <span className="text-sm font-semibold tracking-wide">{t('appName')}</span>
          <span className="hidden text-[13px] text-gray-400 sm:inline">{t('appTagline')}</span>
        </div>
        <div className="flex items-center gap-3 text-[13px]">
          {/* In the drawer below `sm`, where the top bar has no room for it. */}
          <LanguageSwitch action={setLocale} tone="dark" className="hidden sm:block" />
          <p className="hidden min-w-0 text-right sm:block">
            <span className="sr-only">{t('signedInAs')} </span>
            <span className="block max-w-64 truncate font-medium text-gray-100" data-testid="signed-in-user">
              {user.name}
            </span>
            <span className="block text-xs text-gray-400">{t(`role.${user.role}`)}</span>
          </p>
          {signOut}
        </div>
      </header>
      <div className="flex flex-1">
        <nav aria-label={t('nav.label')} className="hidden w-52 shrink-0 border-r border-gray-200 bg-white px-2 py-3 md:block">
          {links}
        </nav>
        <main id="main" className="min-w-0 flex-1 px-3 py-4 sm:px-6 sm:py-5">
          <div className="mx-auto max-w-6xl">{children}</div>
        </main>
      </div>
    </div>
  );
}
