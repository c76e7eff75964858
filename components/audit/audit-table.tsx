import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { DATE_TIME_SECONDS } from '@/components/format';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AuditEvent } from '@/lib/kms/types';
import type { TKeyAliases } from '@/lib/queries/audit';
import { AuditActionName } from './audit-action-name';
import { AuditKeyCell } from './audit-key-cell';

export function AuditTable({ events, aliases }: { events: AuditEvent[]; aliases: TKeyAliases }) {
  const t = useTranslations('audit');
  const format = useFormatter();
  return (
    <Table aria-label={t('tableLabel')}>
      <TableHead>
        <tr>
          <TableHeader>{t('columns.time')}</TableHeader>
          <TableHeader>{t('columns.actor')}</TableHeader>
          <TableHeader>{t('columns.action')}</TableHeader>
          <TableHeader>{t('columns.key')}</TableHeader>
          <TableHeader>{t('columns.result')}</TableHeader>
          <TableHeader>{t('columns.errorCode')}</TableHeader>
          <TableHeader>{t('columns.source')}</TableHeader>
        </tr>
      </TableHead>
      <TableBody>
        {events.map((event) => (
          <TableRow key={event.id}>
            <TableCell className="whitespace-nowrap">
              {/* The time opens the record whole: every field, details, address, user agent, access key. */}
              <Link href={`/audit/${encodeURIComponent(event.id)}`} className="text-brand-600 hover:underline" aria-label={t('openRecord', { time: format.dateTime(event.at, DATE_TIME_SECONDS) })}>
                <time dateTime={event.at.toISOString()}>{format.dateTime(event.at, DATE_TIME_SECONDS)}</time>
              </Link>
            </TableCell>
            <TableCell className="max-w-64">
              <span className="block truncate" title={event.actorName}>
                {event.actorName}
              </span>
              <span className="block text-xs text-gray-500">{t(`actorType.${event.actorType}`)}</span>
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <AuditActionName event={event} />
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <AuditKeyCell keyId={event.keyId} aliases={event.keyId ? aliases[event.keyId] : undefined} />
            </TableCell>
            <TableCell>
              <Badge tone={event.result === 'SUCCESS' ? 'green' : 'red'}>{t(`result.${event.result}`)}</Badge>
            </TableCell>
            <TableCell className="font-mono text-xs whitespace-nowrap">
              {event.errorCode ?? <span className="font-sans text-gray-500">—</span>}
            </TableCell>
            <TableCell className="font-mono text-xs whitespace-nowrap">
              {event.sourceAddress ?? <span className="font-sans text-gray-500">—</span>}
              {event.accessKeyId ? <span className="block text-gray-600">{event.accessKeyId}</span> : null}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
