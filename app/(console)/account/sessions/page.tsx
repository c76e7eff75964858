import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { SessionsTable } from '@/components/account/sessions-table';
import { PageHeader, Panel } from '@/components/ui/panel';
import { getSessions } from '@/lib/queries/sessions';
import { EndSessionsButton, RevokeSessionButton } from './session-buttons';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('account.sessions');
  return { title: t('title') };
}

/** The signed-in person's own sessions: end one, or every other one. */
export default async function AccountSessionsPage() {
  const [t, result] = await Promise.all([getTranslations('account.sessions'), getSessions()]);
  // One's own sessions are always readable; a refusal here would be a fault, not a role question.
  if (!result.ok) throw new Error(`own sessions refused: ${result.reason}`);
  const { owner, sessions } = result.list;
  const others = sessions.some((session) => !session.current);
  return (
    <>
      <PageHeader
        title={t('title')}
        description={t('description', { idleMinutes: result.limits.idleMs / 60_000, maxHours: result.limits.maxAgeMs / 3_600_000 })}
        actions={others ? <EndSessionsButton userId={owner.id} self name={owner.email} /> : null}
      />
      <Panel aria-label={t('title')}>
        <SessionsTable sessions={sessions} revokeAction={(session, device) => <RevokeSessionButton sessionId={session.id} device={device} />} />
      </Panel>
    </>
  );
}
