'use client';

import { useTranslations } from 'next-intl';
import { ConfirmedRowAction } from '@/components/actions/confirmed-row-action';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { PersonView } from '@/lib/kms';
import { disablePersonAction, enablePersonAction, removePersonAction } from './actions';
import { ChangeRoleDialog } from './change-role-dialog';
import { ReissueLinkDialog } from './reissue-link-dialog';

function EnableButton({ userId, email }: { userId: string; email: string }) {
  const t = useTranslations('people.enable');
  const tToast = useTranslations('people.toast');
  const { forCode } = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(enablePersonAction);
  return (
    <Button
      variant="ghost"
      size="sm"
      loading={pending}
      aria-label={t('openLabel', { email })}
      onClick={async () => {
        const result = await run({ userId });
        toast(result.ok ? { title: tToast('enabled'), description: email } : { title: forCode(result.code), tone: 'info' });
      }}
    >
      {t('open')}
    </Button>
  );
}

/** What an administrator may do to another person (their own row gets none: OWN_ACCOUNT). */
export function PersonActions({ person }: { person: PersonView }) {
  const tToast = useTranslations('people.toast');
  const { id: userId, email } = person;
  return (
    <div className="flex items-center justify-end gap-1">
      <ChangeRoleDialog userId={userId} email={email} role={person.role} />
      <ReissueLinkDialog userId={userId} email={email} />
      {person.status === 'ACTIVE' ? (
        <ConfirmedRowAction
          action={disablePersonAction}
          input={{ userId }}
          messages="people.disable"
          values={{ email }}
          done={{ title: tToast('disabled'), description: email }}
        />
      ) : (
        <EnableButton userId={userId} email={email} />
      )}
      <ConfirmedRowAction
        action={removePersonAction}
        input={{ userId }}
        messages="people.remove"
        values={{ email }}
        done={{ title: tToast('removed'), description: email }}
      />
    </div>
  );
}
