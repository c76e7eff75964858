import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Panel, PanelHeader } from '@/components/ui/panel';
import type { KeyView } from '@/lib/kms/key-view';

/**
 * Read-only for now: where the key's material comes from and whether it is there. The import wizard and
 * material deletion (issue 3) plug their controls into `actions`.
 */
export function KeyMaterialSection({ keyView, actions }: { keyView: KeyView; actions?: ReactNode }) {
  const t = useTranslations('keys.material');
  return (
    <Panel aria-labelledby="key-material-heading">
      <PanelHeader title={t('title')} headingId="key-material-heading" actions={actions} />
      <dl className="px-4 py-2.5">
        <div className="grid grid-cols-1 gap-1 sm:grid-cols-[12rem_1fr] sm:gap-4">
          <dt className="text-[13px] text-gray-600">{t('label')}</dt>
          <dd className="text-[13px] text-gray-900" data-testid="key-material-status">
            {t(`status.${keyView.material.status}`)}
          </dd>
        </div>
      </dl>
      <p className="border-t border-gray-100 px-4 py-2.5 text-xs text-gray-600">{t(`explain.${keyView.material.status}`)}</p>
    </Panel>
  );
}
