'use client';

import { useTranslations } from 'next-intl';
import type { TEnrolmentSecret } from '@/lib/auth/otpauth-qr';
import { confirmMfaEnrolmentAction, startMfaEnrolmentAction } from './actions';
import { SecretFieldForm } from './password-form';

/** Step 1: the password, which yields a new secret. */
export function EnrolmentPasswordStep({ onStarted }: { onStarted: (secret: TEnrolmentSecret) => void }) {
  const t = useTranslations('mfa.security');
  return (
    <SecretFieldForm
      kind="password"
      label={t('password')}
      submit={t('enrol.start')}
      action={(password) => startMfaEnrolmentAction({ password })}
      onDone={onStarted}
    />
  );
}

/** Step 2: the QR code and the secret as text, then the first code from the app. */
export function EnrolmentScanStep({ secret, onConfirmed }: { secret: TEnrolmentSecret; onConfirmed: (recoveryCodes: string[]) => void }) {
  const t = useTranslations('mfa.security.enrol');
  return (
    <div className="space-y-3">
      <h2 className="text-sm font-semibold text-gray-900">{t('scanHeading')}</h2>
      <p className="text-[13px] text-gray-700">{t('scanIntro')}</p>
      {/* Server-made SVG (lib/auth/otpauth-qr.ts): markup only, which the strict CSP allows. */}
      <div role="img" aria-label={t('qrLabel')} className="size-48 border border-gray-200 bg-white p-1" dangerouslySetInnerHTML={{ __html: secret.qrSvg }} />
      <p className="text-[13px] text-gray-700">
        {t('secret')}:{' '}
        <code data-testid="mfa-secret" className="rounded bg-gray-100 px-1.5 py-0.5 font-mono text-sm break-all text-gray-900">
          {secret.secret}
        </code>
      </p>
      <SecretFieldForm kind="code" label={t('code')} submit={t('confirm')} action={(code) => confirmMfaEnrolmentAction({ code })} onDone={onConfirmed} />
    </div>
  );
}
