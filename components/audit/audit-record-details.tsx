import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATE_TIME_SECONDS } from '@/components/format';
import { Badge } from '@/components/ui/badge';
import { Panel } from '@/components/ui/panel';
import type { AuditEvent } from '@/lib/kms/types';
import { auditMaterialVersion, useAuditActionLabel } from './audit-action-name';
import { AuditKeyCell } from './audit-key-cell';

function Row({ label, children }: { label: ReactNode; children: ReactNode }) {
  return (
    <div className="grid grid-cols-1 gap-1 px-4 py-2.5 sm:grid-cols-[12rem_1fr] sm:gap-4">
      <dt className="text-[13px] text-gray-600">{label}</dt>
      <dd className="min-w-0 text-[13px] break-words text-gray-900">{children}</dd>
    </div>
  );
}

const none = <span className="text-gray-500">—</span>;
const mono = (value: string | null) => (value ? <span className="font-mono text-xs break-all">{value}</span> : none);

/** One audit record, every field: who (and from where, with what), what, on which key, and how it ended. */
export function AuditRecordDetails({ event, aliases }: { event: AuditEvent; aliases: readonly string[] }) {
  const t = useTranslations('audit');
  const tActions = useTranslations('audit-actions');
  const actionLabel = useAuditActionLabel();
  const format = useFormatter();
  const version = auditMaterialVersion(event);
  return (
    <Panel aria-label={t('detail.label')}>
      <dl className="divide-y divide-gray-100">
        <Row label={t('detail.id')}>{mono(event.id)}</Row>
        <Row label={t('columns.time')}>
          <time dateTime={event.at.toISOString()}>{format.dateTime(event.at, DATE_TIME_SECONDS)}</time>
          <span className="ml-2 font-mono text-xs text-gray-600">{event.at.toISOString()}</span>
        </Row>
        <Row label={t('columns.action')}>
          {actionLabel(event.action)} <span className="ml-1 font-mono text-xs text-gray-600">{event.action}</span>
        </Row>
        {version !== null ? (
          <Row label={tActions('materialVersion')}>
            {tActions('version', { sequence: version })}
            {typeof event.details?.materialId === 'string' ? <span className="ml-2 font-mono text-xs break-all text-gray-600">{event.details.materialId}</span> : null}
          </Row>
        ) : null}
        <Row label={t('columns.result')}>
          <Badge tone={event.result === 'SUCCESS' ? 'green' : 'red'}>{t(`result.${event.result}`)}</Badge>
        </Row>
        <Row label={t('columns.errorCode')}>{mono(event.errorCode)}</Row>
        <Row label={t('columns.actor')}>
          {event.actorName} <span className="text-gray-600">({t(`actorType.${event.actorType}`)})</span>
        </Row>
        <Row label={t('detail.actorId')}>{mono(event.actorId)}</Row>
        <Row label={t('columns.key')}>
          <AuditKeyCell keyId={event.keyId} aliases={aliases} />
        </Row>
        <Row label={t('detail.sourceAddress')}>{mono(event.sourceAddress)}</Row>
        <Row label={t('detail.userAgent')}>{mono(event.userAgent)}</Row>
        <Row label={t('detail.accessKeyId')}>{mono(event.accessKeyId)}</Row>
        <Row label={t('detail.via')}>{event.via ? t(`via.${event.via}`) : none}</Row>
        <Row label={t('detail.details')}>
          {event.details ? (
            <pre className="overflow-x-auto rounded bg-gray-50 p-2 font-mono text-xs whitespace-pre-wrap">{JSON.stringify(event.details, null, 2)}</pre>
          ) : (
            none
          )}
        </Row>
      </dl>
    </Panel>
  );
}
