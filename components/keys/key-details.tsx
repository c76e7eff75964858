import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATE_TIME } from '@/components/format';
import { CopyButton } from '@/components/ui/copy-button';
import { Panel, PanelHeader } from '@/components/ui/panel';
import type { KeyView } from '@/lib/kms';
import { KeyStateBadge } from './key-state-badge';

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 px-4 py-2.5 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-[13px] text-gray-600">{label}</dt>
      <dd className="min-w-0 text-[13px] text-gray-900">{children}</dd>
    </div>
  );
}

/** The key's metadata; `descriptionAction` is the edit control the page adds when editing is allowed. */
export function KeyDetails({ keyView, descriptionAction }: { keyView: KeyView; descriptionAction?: ReactNode }) {
  const t = useTranslations('keys');
  const format = useFormatter();
  return (
    <Panel aria-labelledby="key-general-heading">
      <PanelHeader title={t('detail.general')} headingId="key-general-heading" />
      <dl className="divide-y divide-gray-100">
        <Row label={t('fields.keyId')}>
          <span className="inline-flex items-center gap-1">
            <span className="font-mono text-xs break-all" data-testid="key-id">
              {keyView.id}
            </span>
            <CopyButton value={keyView.id} label={t('copyKeyId')} />
          </span>
        </Row>
        <Row label={t('fields.aliases')}>
          {keyView.aliases.length > 0 ? (
            <span className="font-mono text-xs [overflow-wrap:anywhere]">{keyView.aliases.join(', ')}</span>
          ) : (
            <span className="text-gray-500">{t('list.noAlias')}</span>
          )}
        </Row>
        <Row label={t('fields.description')}>
          <div className="flex items-start justify-between gap-3">
            {keyView.description ? (
              <span className="break-words whitespace-pre-wrap">{keyView.description}</span>
            ) : (
              <span className="text-gray-500">{t('detail.noDescription')}</span>
            )}
            {descriptionAction}
          </div>
        </Row>
        <Row label={t('fields.state')}>
          <KeyStateBadge state={keyView.state} />
        </Row>
        <Row label={t('fields.origin')}>{t(`originLong.${keyView.origin}`)}</Row>
        <Row label={t('fields.keySpec')}>{t('detail.keySpecValue')}</Row>
        <Row label={t('fields.createdAt')}>
          <time dateTime={keyView.createdAt.toISOString()}>{format.dateTime(keyView.createdAt, DATE_TIME)} UTC</time>
        </Row>
        {keyView.deletionDate ? (
          <Row label={t('fields.deletionDate')}>
            <time dateTime={keyView.deletionDate.toISOString()} className="font-medium text-red-800">
              {format.dateTime(keyView.deletionDate, DATE_TIME)} UTC
            </time>
          </Row>
        ) : null}
      </dl>
    </Panel>
  );
}
