import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { DATE_TIME_SECONDS } from '@/components/format';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AuditEvent } from '@/lib/kms/types';

export function AuditTable({ events }: { events: AuditEvent[] }) {
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
        </tr>
      </TableHead>
      <TableBody>
        {events.map((event) => (
          <TableRow key={event.id}>
            <TableCell className="whitespace-nowrap text-gray-700">
              <time dateTime={event.at.toISOString()}>{format.dateTime(event.at, DATE_TIME_SECONDS)}</time>
            </TableCell>
            <TableCell className="max-w-64">
              <span className="block truncate" title={event.actorName}>
                {event.actorName}
              </span>
              <span className="block text-xs text-gray-500">{t(`actorType.${event.actorType}`)}</span>
            </TableCell>
            <TableCell className="font-mono text-xs whitespace-nowrap">{event.action}</TableCell>
            <TableCell className="whitespace-nowrap">
              {event.keyId ? (
                <Link href={`/keys/${event.keyId}`} className="font-mono text-xs text-brand-600 hover:underline">
                  {event.keyId}
                </Link>
              ) : (
                <span className="text-gray-500">—</span>
              )}
            </TableCell>
            <TableCell>
              <Badge tone={event.result === 'SUCCESS' ? 'green' : 'red'}>{t(`result.${event.result}`)}</Badge>
            </TableCell>
            <TableCell className="font-mono text-xs whitespace-nowrap">
              {event.errorCode ?? <span className="font-sans text-gray-500">—</span>}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
