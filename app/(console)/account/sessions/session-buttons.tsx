'use client';

import { useTranslations } from 'next-intl';
import { ConfirmedRowAction } from '@/components/actions/confirmed-row-action';
import type { ActionErrorCode } from '@/lib/server/action';
import { revokeAllSessionsAction, revokeSessionAction } from './actions';

// A session that ended meanwhile (another tab, an administrator, its idle timeout) has words of its own.
const REVOKE_CODES: ReadonlySet<ActionErrorCode> = new Set(['NOT_FOUND']);

export function RevokeSessionButton({ sessionId, device }: { sessionId: string; device: string }) {
  const t = useTranslations('account.sessions.toast');
  return (
    <ConfirmedRowAction
      action={revokeSessionAction}
      input={{ sessionId }}
      messages="account.sessions.revoke"
      values={{ device }}
      done={{ title: t('revoked'), description: t('revokedBody') }}
      ownErrorCodes={REVOKE_CODES}
    />
  );
}

/** For oneself: "sign out other sessions" (this one stays). For an administrator looking at someone: end all. */
export function EndSessionsButton({ userId, self, name }: { userId: string; self: boolean; name: string }) {
  const t = useTranslations('account.sessions.toast');
  return (
    <ConfirmedRowAction
      action={revokeAllSessionsAction}
      input={{ userId }}
      messages={self ? 'account.sessions.endOthers' : 'account.sessions.endAll'}
      values={{ name }}
      done={{ title: self ? t('othersEnded') : t('allEnded'), description: name }}
    />
  );
}
