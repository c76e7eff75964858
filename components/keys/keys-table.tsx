import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { DATE_TIME } from '@/components/format';
import { CopyButton } from '@/components/ui/copy-button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { KeyView } from '@/lib/kms';
import { KeyStateBadge } from './key-state-badge';
import { MaterialExpiryCell } from './material-expiry-cell';

const SHOWN_ALIASES = 2;

export function KeysTable({ keys }: { keys: KeyView[] }) {
  const t = useTranslations('keys');
  const format = useFormatter();
  return (
    <Table aria-label={t('list.tableLabel')}>
      <TableHead>
        <tr>
          <TableHeader>{t('columns.aliases')}</TableHeader>
          <TableHeader>{t('columns.keyId')}</TableHeader>
          <TableHeader>{t('columns.state')}</TableHeader>
          <TableHeader>{t('columns.origin')}</TableHeader>
          <TableHeader>{t('columns.expiresAt')}</TableHeader>
          <TableHeader>{t('columns.createdAt')}</TableHeader>
        </tr>
      </TableHead>
      <TableBody>
        {keys.map((key) => (
          <TableRow key={key.id}>
            <TableCell className="max-w-72">
              {key.aliases.length === 0 ? (
                <span className="text-gray-500">{t('list.noAlias')}</span>
              ) : (
                <span className="block truncate" title={key.aliases.join(', ')}>
                  <Link href={`/keys/${key.id}`} className="font-medium text-brand-600 hover:underline">
                    {key.aliases.slice(0, SHOWN_ALIASES).join(', ')}
                  </Link>
                  {key.aliases.length > SHOWN_ALIASES ? (
                    <span className="ml-1 text-gray-500">{t('list.moreAliases', { count: key.aliases.length - SHOWN_ALIASES })}</span>
                  ) : null}
                </span>
              )}
            </TableCell>
            <TableCell className="whitespace-nowrap">
              <span className="inline-flex items-center gap-0.5">
                <Link href={`/keys/${key.id}`} className="font-mono text-xs text-brand-600 hover:underline">
                  {key.id}
                </Link>
                <CopyButton value={key.id} label={t('copyKeyId')} />
              </span>
            </TableCell>
            <TableCell>
              <KeyStateBadge state={key.state} />
            </TableCell>
            <TableCell className="whitespace-nowrap">{t(`origin.${key.origin}`)}</TableCell>
            <TableCell>
              <MaterialExpiryCell keyView={key} />
            </TableCell>
            <TableCell className="whitespace-nowrap text-gray-700">
              <time dateTime={key.createdAt.toISOString()}>{format.dateTime(key.createdAt, DATE_TIME)}</time>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
