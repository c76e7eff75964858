'use client';

import { useTranslations } from 'next-intl';
import { ConfirmedRowAction } from '@/components/actions/confirmed-row-action';
import { deleteAliasAction } from './actions';

export function RemoveAliasButton({ alias }: { alias: string }) {
  const t = useTranslations('keys.removeAlias');
  const tToast = useTranslations('keys.toast');
  return (
    <ConfirmedRowAction
      action={deleteAliasAction}
      input={{ alias }}
      text={{
        open: t('open'),
        openLabel: t('openLabel', { alias }),
        title: t('title', { alias }),
        consequence: t('consequence'),
        cancel: t('cancel'),
        confirm: t('confirm'),
        done: { title: tToast('aliasRemoved'), description: alias },
      }}
    />
  );
}
