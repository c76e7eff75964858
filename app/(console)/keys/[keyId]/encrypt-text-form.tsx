'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { CryptoOutput } from '@/components/keys/crypto-output';
import { MAX_PLAINTEXT_BYTES, utf8ByteLength, type TCryptoToolContext } from '@/components/keys/crypto-tool-input';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/input';
import type { KeyState } from '@/lib/kms/types';
import type { ActionErrorCode, FieldErrorKey } from '@/lib/server/action';
import { encryptTextAction } from './actions';
import { STATE_CODES, useCryptoErrorText } from './crypto-error-text';

/** Text → base64 ciphertext under this key, with the tool's encryption context. */
export function EncryptTextForm({
  keyId,
  state,
  context,
  onDecryptCiphertext,
}: {
  keyId: string;
  state: KeyState;
  context: TCryptoToolContext;
  onDecryptCiphertext: (ciphertext: string) => void;
}) {
  const t = useTranslations('keys.cryptoTool.encrypt');
  const router = useRouter();
  const { forField } = useErrorText();
  const errorText = useCryptoErrorText(state);
  const { run, pending } = useAction(encryptTextAction, { refresh: false });
  const [plaintext, setPlaintext] = useState('');
  const [fieldError, setFieldError] = useState<FieldErrorKey | null>(null);
  const [failure, setFailure] = useState<ActionErrorCode | null>(null);
  const [ciphertext, setCiphertext] = useState<string | null>(null);
  const bytes = utf8ByteLength(plaintext);
  const plaintextError = fieldError ? forField({ plaintext: [fieldError] }, 'plaintext') : undefined;

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    setCiphertext(null);
    const local: FieldErrorKey | null = plaintext === '' ? 'required' : bytes > MAX_PLAINTEXT_BYTES ? 'tooLong' : null;
    setFieldError(local);
    const encryptionContext = context.read();
    if (local || !encryptionContext) return;

    const result = await run({ keyId, plaintext, encryptionContext: encryptionContext.pairs });
    if (result.ok) {
      setCiphertext(result.data.ciphertextBlob);
      return;
    }
    const fromServer = result.fieldErrors?.plaintext?.[0];
    if (fromServer) setFieldError(fromServer);
    else if (!context.showServerErrors(result.fieldErrors, encryptionContext.rowIds)) setFailure(result.code);
    if (STATE_CODES.has(result.code)) router.refresh();
  }

  return (
    <section aria-labelledby="encrypt-heading" className="space-y-3">
      <h3 id="encrypt-heading" className="text-[13px] font-semibold text-gray-900">
        {t('title')}
      </h3>
      <form onSubmit={onSubmit} noValidate className="space-y-3">
        <FormField id="encrypt-plaintext" label={t('plaintext')} hint={t('plaintextHint', { bytes, max: MAX_PLAINTEXT_BYTES })} error={plaintextError}>
          <Textarea
            id="encrypt-plaintext"
            value={plaintext}
            onChange={(event) => {
              setPlaintext(event.target.value);
              setFieldError(null);
              setFailure(null);
              setCiphertext(null);
            }}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={plaintextError ? true : undefined}
            aria-describedby={describedBy('encrypt-plaintext', { hint: true, error: Boolean(plaintextError) })}
          />
        </FormField>
        <Button type="submit" variant="primary" loading={pending}>
          {t('submit')}
        </Button>
      </form>
      {failure ? <Alert>{errorText(failure)}</Alert> : null}
      {ciphertext ? (
        <CryptoOutput
          id="encrypt-ciphertext"
          label={t('result')}
          value={ciphertext}
          copyLabel={t('copy')}
          monospace
          actions={
            <Button variant="link" size="sm" className="text-[13px]" onClick={() => onDecryptCiphertext(ciphertext)}>
              {t('decryptIt')}
            </Button>
          }
        />
      ) : null}
    </section>
  );
}
