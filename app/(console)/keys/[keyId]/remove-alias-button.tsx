'use client';

import { useTranslations } from 'next-intl';
import { ConfirmedRowAction } from '@/components/actions/confirmed-row-action';
import { deleteAliasAction } from './actions';

export function RemoveAliasButton({ alias }: { alias: string }) {
  const tToast = useTranslations('keys.toast');
  return (
    <ConfirmedRowAction
      action={deleteAliasAction}
      input={{ alias }}
      messages="keys.removeAlias"
      values={{ alias }}
      done={{ title: tToast('aliasRemoved'), description: alias }}
    />
  );
}
