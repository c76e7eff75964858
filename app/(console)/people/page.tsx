import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { PeopleTable } from '@/components/people/people-table';
import { ForbiddenNotice } from '@/components/shell/forbidden-notice';
import { PageHeader, Panel } from '@/components/ui/panel';
import Link from 'next/link';
import { getPeople } from '@/lib/queries/people';
import { AddPersonDialog } from './add-person-dialog';
import { PersonActions } from './person-actions';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('people');
  return { title: t('title') };
}

/** Administrators only: the domain refuses (and audits) anyone else's read, shown as the forbidden notice. */
export default async function PeoplePage() {
  const [t, result] = await Promise.all([getTranslations('people'), getPeople()]);
  if (!result.ok) return <ForbiddenNotice />;
  const self = result.actor.id;
  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={<AddPersonDialog />} />
      <Panel aria-label={t('title')}>
        <PeopleTable
          people={result.people}
          currentUserId={self}
          rowActions={(person) => (person.id === self ? null : <PersonActions person={person} />)}
          sessions={(person) => (
            <Link
              href={`/people/${encodeURIComponent(person.id)}/sessions`}
              className="text-brand-700 underline-offset-2 hover:underline"
              aria-label={t('sessionsOf', { name: person.name })}
            >
              {t('columns.sessions')}
            </Link>
          )}
        />
      </Panel>
    </>
  );
}
