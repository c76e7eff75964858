import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Panel, PanelHeader } from '@/components/ui/panel';

/**
 * The key's aliases, one a row. The page passes the add control and a remove control per alias when the
 * key's state allows them; without them the list is read-only.
 */
export function KeyAliasesPanel({ aliases, addAction, removeAction }: { aliases: string[]; addAction?: ReactNode; removeAction?: (alias: string) => ReactNode }) {
  const t = useTranslations('keys.aliases');
  return (
    <Panel aria-labelledby="key-aliases-heading">
      <PanelHeader title={t('title', { count: aliases.length })} headingId="key-aliases-heading" actions={addAction} />
      {aliases.length === 0 ? (
        <p className="px-4 py-3 text-[13px] text-gray-600">{t('none')}</p>
      ) : (
        <ul className="divide-y divide-gray-100" aria-label={t('listLabel')}>
          {aliases.map((alias) => (
            <li key={alias} className="flex items-center justify-between gap-3 px-4 py-1.5">
              <span className="min-w-0 font-mono text-xs text-gray-900 [overflow-wrap:anywhere]">{alias}</span>
              {removeAction ? <span className="shrink-0">{removeAction(alias)}</span> : null}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}
