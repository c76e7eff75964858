'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useMemo, useState } from 'react';
import { contextErrorsFromServer, readContextRows, type TContextError, type TCryptoToolContext } from '@/components/keys/crypto-tool-input';
import { EncryptionContextFields, type TContextRow } from '@/components/keys/encryption-context-fields';
import { Panel, PanelHeader } from '@/components/ui/panel';
import type { KeyState } from '@/lib/kms/types';
import type { FieldErrors } from '@/lib/server/action';
import { DecryptTextForm } from './decrypt-text-form';
import { EncryptTextForm } from './encrypt-text-form';

/**
 * The "online tool" of the key page: encrypt text and decrypt a ciphertext of this key, with one shared
 * encryption context so a round trip needs the pairs entered once. The page renders it only for roles that
 * may use keys; the server decides again on every call.
 */
export function KeyCryptoTool({ keyId, state }: { keyId: string; state: KeyState }) {
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
    <Panel aria-labelledby="crypto-tool-heading">
      <PanelHeader title={t('title')} headingId="crypto-tool-heading" />
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
    </Panel>
  );
}
