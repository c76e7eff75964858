'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { CryptoOutput } from '@/components/keys/crypto-output';
import { decodePlaintext, MAX_CIPHERTEXT_BYTES, type TCryptoToolContext, type TDecryptedPlaintext } from '@/components/keys/crypto-tool-input';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/input';
import type { KeyState } from '@/lib/kms/types';
import type { ActionErrorCode, FieldErrorKey } from '@/lib/server/action';
import { decryptTextAction } from './actions';
import { base64ByteLength, normalisePastedBase64 } from './browser-files';
import { STATE_CODES, useCryptoErrorText } from './crypto-error-text';

/** Base64 ciphertext of this key → its plaintext, as text when it is UTF-8, else as base64 with a note. */
export function DecryptTextForm({
  keyId,
  state,
  context,
  ciphertext,
  onCiphertextChange,
}: {
  keyId: string;
  state: KeyState;
  context: TCryptoToolContext;
  ciphertext: string;
  onCiphertextChange: (ciphertext: string) => void;
}) {
  const t = useTranslations('keys.cryptoTool.decrypt');
  const router = useRouter();
  const { forField } = useErrorText();
  const errorText = useCryptoErrorText(state);
  const { run, pending } = useAction(decryptTextAction, { refresh: false });
  const [fieldError, setFieldError] = useState<FieldErrorKey | null>(null);
  const [failure, setFailure] = useState<ActionErrorCode | null>(null);
  const [plaintext, setPlaintext] = useState<TDecryptedPlaintext | null>(null);
  // The input changes from outside too ("Decrypt this ciphertext"): an earlier result must not stay next to it.
  const [resultFor, setResultFor] = useState<string | null>(null);
  const shown = plaintext && resultFor === ciphertext ? plaintext : null;
  const ciphertextError = fieldError ? forField({ ciphertextBlob: [fieldError] }, 'ciphertextBlob') : undefined;

  function readCiphertext(): { base64: string } | { error: FieldErrorKey } {
    if (ciphertext.trim() === '') return { error: 'required' };
    const base64 = normalisePastedBase64(ciphertext);
    if (base64 === null) return { error: 'invalid' };
    return base64ByteLength(base64) > MAX_CIPHERTEXT_BYTES ? { error: 'tooLong' } : { base64 };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFailure(null);
    setPlaintext(null);
    const read = readCiphertext();
    setFieldError('error' in read ? read.error : null);
    const encryptionContext = context.read();
    if ('error' in read || !encryptionContext) return;

    const result = await run({ keyId, ciphertextBlob: read.base64, encryptionContext: encryptionContext.pairs });
    if (result.ok) {
      setPlaintext(decodePlaintext(result.data.plaintext));
      setResultFor(ciphertext);
      return;
    }
    const fromServer = result.fieldErrors?.ciphertextBlob?.[0];
    if (fromServer) setFieldError(fromServer);
    else if (!context.showServerErrors(result.fieldErrors, encryptionContext.rowIds)) setFailure(result.code);
    if (STATE_CODES.has(result.code)) router.refresh();
  }

  return (
    <section aria-labelledby="decrypt-heading" className="space-y-3">
      <h3 id="decrypt-heading" className="text-[13px] font-semibold text-gray-900">
        {t('title')}
      </h3>
      <form onSubmit={onSubmit} noValidate className="space-y-3">
        <FormField id="decrypt-ciphertext" label={t('ciphertext')} hint={t('ciphertextHint')} error={ciphertextError}>
          <Textarea
            id="decrypt-ciphertext"
            value={ciphertext}
            onChange={(event) => {
              onCiphertextChange(event.target.value);
              setFieldError(null);
              setFailure(null);
            }}
            rows={4}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={ciphertextError ? true : undefined}
            aria-describedby={describedBy('decrypt-ciphertext', { hint: true, error: Boolean(ciphertextError) })}
            className="font-mono text-xs break-all"
          />
        </FormField>
        <Button type="submit" variant="primary" loading={pending}>
          {t('submit')}
        </Button>
      </form>
      {failure ? <Alert>{errorText(failure)}</Alert> : null}
      {shown?.kind === 'text' ? <CryptoOutput id="decrypt-plaintext" label={t('result')} value={shown.text} copyLabel={t('copy')} /> : null}
      {shown?.kind === 'base64' ? (
        <CryptoOutput id="decrypt-plaintext" label={t('resultBase64')} value={shown.base64} copyLabel={t('copy')} note={t('notText')} monospace />
      ) : null}
    </section>
  );
}
