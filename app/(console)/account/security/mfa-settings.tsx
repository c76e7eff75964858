'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { Panel } from '@/components/ui/panel';
import type { TEnrolmentSecret } from '@/lib/auth/otpauth-qr';
import { disableMfaAction, regenerateRecoveryCodesAction } from './actions';
import { EnrolmentPasswordStep, EnrolmentScanStep } from './enrolment-steps';
import { SecretFieldForm } from './password-form';
import { RecoveryCodes } from './recovery-codes';

/**
 * One component for every state, so the recovery codes stay on screen while the page re-renders around them
 * (turning multi-factor on replaces the session cookie, which refreshes the page).
 */
export function MfaSettings({ enabled, policyRequired }: { enabled: boolean; policyRequired: boolean }) {
  const t = useTranslations('mfa.security');
  const router = useRouter();
  const [secret, setSecret] = useState<TEnrolmentSecret | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const finish = () => {
    setCodes(null);
    setSecret(null);
    router.refresh();
  };
  if (codes) {
    return (
      <Panel className="p-4">
        <RecoveryCodes codes={codes} onDone={finish} />
      </Panel>
    );
  }
  if (!enabled) {
    return (
      <Panel className="space-y-3 p-4">
        <p className="text-[13px] text-gray-700" data-testid="mfa-status">{t('statusOff')}</p>
        {secret ? <EnrolmentScanStep secret={secret} onConfirmed={setCodes} /> : <EnrolmentPasswordStep onStarted={setSecret} />}
      </Panel>
    );
  }
  return (
    <div className="space-y-4">
      <Panel className="p-4">
        <p className="text-[13px] text-gray-700" data-testid="mfa-status">{t('statusOn')}</p>
      </Panel>
      <Panel className="space-y-2 p-4">
        <h2 className="text-sm font-semibold text-gray-900">{t('recovery.regenerateHeading')}</h2>
        <p className="text-[13px] text-gray-700">{t('recovery.regenerateIntro')}</p>
        <SecretFieldForm
          kind="password"
          label={t('password')}
          submit={t('recovery.regenerate')}
          variant="secondary"
          action={(password) => regenerateRecoveryCodesAction({ password })}
          onDone={setCodes}
        />
      </Panel>
      <Panel className="space-y-2 p-4">
        <h2 className="text-sm font-semibold text-gray-900">{t('disable.heading')}</h2>
        <p className="text-[13px] text-gray-700">{t('disable.intro')}</p>
        {policyRequired ? <p className="text-[13px] text-amber-900">{t('disable.requiredNote')}</p> : null}
        <SecretFieldForm
          kind="password"
          label={t('password')}
          submit={t('disable.submit')}
          variant="danger"
          action={(password) => disableMfaAction({ password })}
          onDone={finish}
        />
      </Panel>
    </div>
  );
}
