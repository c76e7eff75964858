import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATE_TIME, DATE_TIME_SECONDS } from '@/components/format';
import { CopyButton } from '@/components/ui/copy-button';
import { Panel, PanelHeader } from '@/components/ui/panel';
import type { KeyView } from '@/lib/kms';
import { MaterialExpiry } from './material-expiry';
import { MaterialIdHelp } from './material-id-help';

function Row({ label, children, testId }: { label: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <div className="grid grid-cols-1 gap-1 px-4 py-2.5 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-[13px] text-gray-600">{label}</dt>
      <dd className="min-w-0 text-[13px] text-gray-900" data-testid={testId}>
        {children}
      </dd>
    </div>
  );
}

/**
 * Where the key's material comes from, whether it is there, when it was imported and when it expires, and
 * which material the key is bound to. The page adds the import / delete controls (`actions`) and the import
 * wizard (`children`) when the key's origin and state allow them.
 */
export function KeyMaterialSection({
  keyView,
  kcv,
  actions,
  children,
}: {
  keyView: KeyView;
  /** The CURRENT version's key check value (SPEC §11), when known: the help shows how to compare a file's. */
  kcv?: string | null;
  actions?: ReactNode;
  children?: ReactNode;
}) {
  const t = useTranslations('keys.material');
  const tKeys = useTranslations('keys');
  const format = useFormatter();
  const { status, importedAt, expiresAt, materialId, removal } = keyView.material;
  const explain = status === 'AWAITING_IMPORT' && materialId ? (removal ? `AWAITING_REIMPORT_${removal.cause}` : 'AWAITING_REIMPORT') : status;
  const removedAt = removal ? `${format.dateTime(removal.at, DATE_TIME_SECONDS)} UTC` : '';
  return (
    <Panel aria-labelledby="key-material-heading">
      <PanelHeader title={t('title')} headingId="key-material-heading" actions={actions} />
      <dl className="divide-y divide-gray-100">
        <Row label={t('fields.origin')}>{tKeys(`originLong.${keyView.origin}`)}</Row>
        <Row label={t('label')} testId="key-material-status">
          {t(`status.${status}`)}
        </Row>
        {status === 'IMPORTED' ? (
          <>
            <Row label={t('fields.importedAt')} testId="key-material-imported-at">
              {importedAt ? <time dateTime={importedAt.toISOString()}>{format.dateTime(importedAt, DATE_TIME)} UTC</time> : null}
            </Row>
            <Row label={t('fields.expiresAt')} testId="key-material-expiry">
              {expiresAt ? <MaterialExpiry expiresAt={expiresAt} /> : t('never')}
            </Row>
          </>
        ) : null}
        {status === 'AWAITING_IMPORT' && removal ? (
          <Row label={t('fields.removal')} testId="material-removal">
            <time dateTime={removal.at.toISOString()}>{t(`removal.${removal.cause}`, { date: removedAt })}</time>
          </Row>
        ) : null}
        {materialId ? (
          <Row label={t('fields.materialId')}>
            <span className="flex items-start gap-1">
              <span className="font-mono text-xs break-all" data-testid="material-id">
                {materialId}
              </span>
              <CopyButton value={materialId} label={t('copyMaterialId')} />
            </span>
            {keyView.origin === 'EXTERNAL' ? <MaterialIdHelp kcv={kcv ?? undefined} /> : null}
          </Row>
        ) : null}
      </dl>
      <p className="border-t border-gray-100 px-4 py-2.5 text-xs text-gray-600" data-testid="material-explain">
        {t(`explain.${explain}`, { date: removedAt })}
      </p>
      {children}
    </Panel>
  );
}
