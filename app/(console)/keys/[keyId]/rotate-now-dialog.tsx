'use client';

import { useTranslations } from 'next-intl';
import { ConfirmedActionDialog, useConfirmedAction } from '@/components/actions/confirmed-action-dialog';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Button } from '@/components/ui/button';
import { useToast } from '@/components/ui/toast';
import type { KeyOrigin, MaterialVersionView } from '@/lib/kms';
import { MAX_ON_DEMAND_ROTATIONS } from '@/lib/kms/public-limits';
import { rotateKeyOnDemandAction } from './actions';

const OWN_WORDS = new Set(['INVALID_STATE', 'LIMIT_EXCEEDED', 'DISABLED']);

/**
 * Rotation on demand (SPEC §11), a sensitive action (SPEC §9: the console asks for the password again when
 * the session's proof is old). The dialog says what changes: which version becomes CURRENT (an imported key's
 * pending version, with its key check value) or that new material is generated.
 */
export function RotateNowDialog({
  keyId,
  origin,
  pending,
}: {
  keyId: string;
  origin: KeyOrigin;
  /** An imported key's version pending rotation, the one that becomes CURRENT. */
  pending: Pick<MaterialVersionView, 'sequence' | 'kcv'> | null;
}) {
  const t = useTranslations('versions.rotate');
  const { forCode } = useErrorText();
  const toast = useToast();
  const state = useConfirmedAction({
    action: rotateKeyOnDemandAction,
    onDone: () => toast({ title: t('done'), description: t('doneBody') }),
    errorText: (failure) =>
      OWN_WORDS.has(failure.code) ? t(`errors.${failure.code as 'INVALID_STATE'}`, { max: MAX_ON_DEMAND_ROTATIONS }) : forCode(failure.code, failure.reason, failure.params),
  });
  const description =
    origin === 'EXTERNAL' && pending
      ? t('EXTERNAL', { sequence: pending.sequence, kcv: pending.kcv ?? '—', max: MAX_ON_DEMAND_ROTATIONS })
      : t('KMS', { max: MAX_ON_DEMAND_ROTATIONS });

  return (
    <ConfirmedActionDialog
      state={state}
      className="max-w-lg"
      trigger={
        <Button variant="primary" size="sm">
          {t('open')}
        </Button>
      }
      title={t('title')}
      description={description}
      cancelLabel={t('cancel')}
      confirmLabel={t('confirm')}
      confirmVariant="primary"
      onSubmit={() => void state.confirm({ keyId })}
    />
  );
}
