import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getTranslations } from 'next-intl/server';
import { SessionsTable } from '@/components/account/sessions-table';
import { ForbiddenNotice } from '@/components/shell/forbidden-notice';
import { PageHeader, Panel } from '@/components/ui/panel';
import { getSessions } from '@/lib/queries/sessions';
import { EndSessionsButton, RevokeSessionButton } from '../../../account/sessions/session-buttons';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account.sessions');
  return { title: t('tableLabel') };
}

/** Administrators: one person's sessions, end one or all. The domain refuses anyone else (audited). */
export default async function PersonSessionsPage({ params }: { params: Promise<{ userId: string }> }) {
  const { userId } = await params;
  const [t, result] = await Promise.all([getTranslations('account.sessions'), getSessions(userId)]);
  if (!result.ok) return result.reason === 'FORBIDDEN' ? <ForbiddenNotice /> : notFound();
  const { owner, sessions } = result.list;
  const endable = sessions.some((session) => !session.current);
  return (
    <>
      <PageHeader
        breadcrumb={
          <Link href="/people" className="hover:underline">
            {t('breadcrumb')}
          </Link>
        }
        title={t('personTitle', { name: owner.name })}
        description={t('personDescription', { email: owner.email })}
        actions={endable ? <EndSessionsButton userId={owner.id} self={result.self} name={owner.name} /> : null}
      />
      <Panel aria-label={t('tableLabel')}>
        {sessions.length > 0 ? (
          <SessionsTable sessions={sessions} revokeAction={(session, device) => <RevokeSessionButton sessionId={session.id} device={device} />} />
        ) : (
          <p className="px-4 py-10 text-center text-[13px] text-gray-600">{t('empty')}</p>
        )}
      </Panel>
    </>
  );
}
