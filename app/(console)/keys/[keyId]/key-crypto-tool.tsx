'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useCallback, useMemo, useState } from 'react';
import { DATE_TIME_SECONDS } from '@/components/format';
import { contextErrorsFromServer, readContextRows, type TContextError, type TCryptoToolContext } from '@/components/keys/crypto-tool-input';
import { EncryptionContextFields, type TContextRow } from '@/components/keys/encryption-context-fields';
import { useNow } from '@/components/keys/use-now';
import { Alert } from '@/components/ui/alert';
import { Panel, PanelHeader } from '@/components/ui/panel';
import { cryptoAvailability, type CryptoAvailability } from '@/lib/kms/crypto-availability';
import type { KeyView } from '@/lib/kms';
import type { FieldErrors } from '@/lib/server/action';
import { DecryptTextForm } from './decrypt-text-form';
import { EncryptTextForm } from './encrypt-text-form';

/**
 * The "online tool" of the key page: encrypt text and decrypt a ciphertext of this key, with one shared
 * encryption context so a round trip needs the pairs entered once. The page renders it only for roles that
 * may use keys. It offers only what the key can do now (the domain's cryptoAvailability, against the
 * browser's clock, so expiry while the page is open counts from its instant) and otherwise says why; the
 * server decides again on every call.
 */
export function KeyCryptoTool({ keyView }: { keyView: KeyView }) {
  const now = useNow();
  // Until the browser's clock is read (server render, hydration), the server's view of the key decides.
  const availability = cryptoAvailability(keyView, now === null ? new Date(0) : new Date(now));
  const t = useTranslations('keys.cryptoTool');
  return (
    <Panel aria-labelledby="crypto-tool-heading">
      <PanelHeader title={t('title')} headingId="crypto-tool-heading" />
      {availability.reason === null ? <CryptoToolForms keyId={keyView.id} state={keyView.state} /> : <CryptoUnavailable availability={availability} />}
    </Panel>
  );
}

function CryptoUnavailable({ availability }: { availability: Extract<CryptoAvailability, { encrypt: false }> }) {
  const t = useTranslations('keys.cryptoTool.unavailable');
  const format = useFormatter();
  const date = availability.since ? `${format.dateTime(availability.since, DATE_TIME_SECONDS)} UTC` : '';
  return (
    <div className="px-4 py-3" data-testid="crypto-tool-unavailable" data-reason={availability.reason}>
      <Alert tone="info" title={t('title')}>
        {t(availability.reason, { date })}
      </Alert>
    </div>
  );
}

function CryptoToolForms({ keyId, state }: { keyId: string; state: KeyView['state'] }) {
  const t = useTranslations('keys.cryptoTool');
  const [rows, setRows] = useState<TContextRow[]>([]);
  const [contextErrors, setContextErrors] = useState<Record<number, TContextError>>({});
  const [ciphertext, setCiphertext] = useState('');

  const read = useCallback(() => {
    const result = readContextRows(rows);
    setContextErrors(result.errors);
    return Object.keys(result.errors).length > 0 ? null : result;
  }, [rows]);

  const showServerErrors = useCallback((fieldErrors: FieldErrors | undefined, rowIds: number[]) => {
    const errors = contextErrorsFromServer(fieldErrors, rowIds);
    setContextErrors(errors);
    return Object.keys(errors).length > 0;
  }, []);

  const context = useMemo<TCryptoToolContext>(() => ({ read, showServerErrors }), [read, showServerErrors]);
  const errorTexts = Object.fromEntries(Object.entries(contextErrors).map(([rowId, error]) => [rowId, t(`context.errors.${error}`)]));

  return (
    <div className="space-y-5 px-4 py-3">
      <p className="text-[13px] text-gray-600">{t('description')}</p>
      <EncryptionContextFields
        rows={rows}
        errors={errorTexts}
        onChange={(next) => {
          setRows(next);
          setContextErrors({});
        }}
      />
      <div className="grid gap-6 border-t border-gray-100 pt-4 lg:grid-cols-2">
        <EncryptTextForm keyId={keyId} state={state} context={context} onDecryptCiphertext={setCiphertext} />
        <DecryptTextForm keyId={keyId} state={state} context={context} ciphertext={ciphertext} onCiphertextChange={setCiphertext} />
      </div>
    </div>
  );
}
