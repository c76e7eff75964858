import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATE_TIME } from '@/components/format';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { SessionView } from '@/lib/kms';

function When({ date }: { date: Date }) {
  const format = useFormatter();
  return <time dateTime={date.toISOString()}>{format.dateTime(date, DATE_TIME)}</time>;
}

/** A person's sessions. The page passes the end-session control; the current session is marked, not endable here. */
export function SessionsTable({ sessions, revokeAction }: { sessions: SessionView[]; revokeAction: (session: SessionView, device: string) => ReactNode }) {
  const t = useTranslations('account.sessions');
  return (
    <Table aria-label={t('tableLabel')}>
      <TableHead>
        <tr>
          <TableHeader>{t('columns.device')}</TableHeader>
          <TableHeader>{t('columns.address')}</TableHeader>
          <TableHeader>{t('columns.startedAt')}</TableHeader>
          <TableHeader>{t('columns.lastActiveAt')}</TableHeader>
          <TableHeader>
            <span className="sr-only">{t('columns.actions')}</span>
          </TableHeader>
        </tr>
      </TableHead>
      <TableBody>
        {sessions.map((session) => {
          const device = session.userAgent ?? t('unknownDevice');
          return (
            <TableRow key={session.id} data-session-id={session.id} aria-current={session.current ? 'true' : undefined}>
              <TableCell className="max-w-96">
                <span className="block truncate" title={device}>
                  {device}
                </span>
                {session.current ? (
                  <Badge tone="green" className="mt-1">
                    {t('current')}
                  </Badge>
                ) : null}
              </TableCell>
              <TableCell className="font-mono text-xs whitespace-nowrap">{session.address ?? t('unknownAddress')}</TableCell>
              <TableCell className="whitespace-nowrap">
                <When date={session.startedAt} />
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <When date={session.lastActiveAt} />
              </TableCell>
              <TableCell className="text-right">{session.current ? null : revokeAction(session, device)}</TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
