import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATE_TIME } from '@/components/format';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { AccessKeyView } from '@/lib/kms';

function When({ date }: { date: Date }) {
  const format = useFormatter();
  return <time dateTime={date.toISOString()}>{format.dateTime(date, DATE_TIME)}</time>;
}

/**
 * Every access key, revoked ones included (they stay for the record, greyed). The page passes the revoke
 * control for active keys; without it the table is read-only.
 */
export function AccessKeysTable({ accessKeys, revokeAction }: { accessKeys: AccessKeyView[]; revokeAction?: (accessKey: AccessKeyView) => ReactNode }) {
  const t = useTranslations('access-keys');
  const tRole = useTranslations('common.role');
  const format = useFormatter();
  return (
    <Table aria-label={t('tableLabel')}>
      <TableHead>
        <tr>
          <TableHeader>{t('columns.id')}</TableHeader>
          <TableHeader>{t('columns.role')}</TableHeader>
          <TableHeader>{t('columns.owner')}</TableHeader>
          <TableHeader>{t('columns.description')}</TableHeader>
          <TableHeader>{t('columns.createdAt')}</TableHeader>
          <TableHeader>{t('columns.lastUsedAt')}</TableHeader>
          <TableHeader>{t('columns.status')}</TableHeader>
          {revokeAction ? (
            <TableHeader>
              <span className="sr-only">{t('columns.actions')}</span>
            </TableHeader>
          ) : null}
        </tr>
      </TableHead>
      <TableBody>
        {accessKeys.map((accessKey) => {
          const revoked = accessKey.status === 'REVOKED';
          return (
            <TableRow key={accessKey.id} className={revoked ? 'text-gray-500' : undefined}>
              <TableCell className="font-mono text-xs whitespace-nowrap">{accessKey.id}</TableCell>
              <TableCell className="whitespace-nowrap">{tRole(accessKey.role)}</TableCell>
              <TableCell className="max-w-56">
                <span className="block truncate" title={accessKey.ownerName}>
                  {accessKey.ownerName}
                </span>
              </TableCell>
              <TableCell className="max-w-64">
                {accessKey.description ? (
                  <span className="block truncate" title={accessKey.description}>
                    {accessKey.description}
                  </span>
                ) : (
                  <span className="text-gray-500">—</span>
                )}
              </TableCell>
              <TableCell className="whitespace-nowrap">
                <When date={accessKey.createdAt} />
              </TableCell>
              <TableCell className="whitespace-nowrap">{accessKey.lastUsedAt ? <When date={accessKey.lastUsedAt} /> : t('never')}</TableCell>
              <TableCell>
                <Badge tone={revoked ? 'gray' : 'green'} title={accessKey.revokedAt ? t('revokedAt', { date: format.dateTime(accessKey.revokedAt, DATE_TIME) }) : undefined}>
                  {t(`status.${accessKey.status}`)}
                </Badge>
              </TableCell>
              {revokeAction ? <TableCell className="text-right">{revoked ? null : revokeAction(accessKey)}</TableCell> : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
