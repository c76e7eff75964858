import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATE_TIME } from '@/components/format';
import { Badge } from '@/components/ui/badge';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { PersonView } from '@/lib/kms';

/**
 * Everyone, with role, status, last sign-in and multi-factor. The page passes the controls: `rowActions`
 * for what the viewer may do to a person, `sessions` for a link to their sessions (a column appears only
 * when it is given).
 */
export function PeopleTable({
  people,
  currentUserId,
  rowActions,
  sessions,
}: {
  people: PersonView[];
  currentUserId: string;
  rowActions?: (person: PersonView) => ReactNode;
  sessions?: (person: PersonView) => ReactNode;
}) {
  const t = useTranslations('people');
  const tRole = useTranslations('common.role');
  const format = useFormatter();
  return (
    <Table aria-label={t('tableLabel')}>
      <TableHead>
        <tr>
          <TableHeader>{t('columns.name')}</TableHeader>
          <TableHeader>{t('columns.email')}</TableHeader>
          <TableHeader>{t('columns.role')}</TableHeader>
          <TableHeader>{t('columns.status')}</TableHeader>
          <TableHeader>{t('columns.lastSignIn')}</TableHeader>
          <TableHeader>{t('columns.mfa')}</TableHeader>
          {sessions ? <TableHeader>{t('columns.sessions')}</TableHeader> : null}
          {rowActions ? (
            <TableHeader>
              <span className="sr-only">{t('columns.actions')}</span>
            </TableHeader>
          ) : null}
        </tr>
      </TableHead>
      <TableBody>
        {people.map((person) => {
          const disabled = person.status === 'DISABLED';
          return (
            <TableRow key={person.id} data-testid={`person-${person.email}`} data-person-id={person.id} className={disabled ? 'text-gray-500' : undefined}>
              <TableCell className="max-w-48">
                <span className="block truncate" title={person.name}>
                  {person.name}
                  {person.id === currentUserId ? <span className="ml-1 text-gray-500">{t('you')}</span> : null}
                </span>
              </TableCell>
              <TableCell className="max-w-64">
                <span className="block truncate" title={person.email}>
                  {person.email}
                </span>
              </TableCell>
              <TableCell className="whitespace-nowrap" data-testid="person-role">
                {person.role ? tRole(person.role) : <Badge tone="red">{t('unknownRole')}</Badge>}
              </TableCell>
              <TableCell>
                <Badge tone={disabled ? 'gray' : 'green'} data-testid="person-status">
                  {t(`status.${person.status}`)}
                </Badge>
              </TableCell>
              <TableCell className="whitespace-nowrap">
                {person.lastSignInAt ? (
                  <time dateTime={person.lastSignInAt.toISOString()}>{format.dateTime(person.lastSignInAt, DATE_TIME)}</time>
                ) : (
                  t('never')
                )}
              </TableCell>
              <TableCell>
                <Badge tone={person.twoFactorEnabled ? 'green' : 'gray'}>{t(person.twoFactorEnabled ? 'mfa.on' : 'mfa.off')}</Badge>
              </TableCell>
              {sessions ? <TableCell className="whitespace-nowrap">{sessions(person)}</TableCell> : null}
              {rowActions ? <TableCell className="text-right whitespace-nowrap">{rowActions(person)}</TableCell> : null}
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
