'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { CryptoOutput } from '@/components/keys/crypto-output';
import { decodePlaintext, MAX_CIPHERTEXT_BYTES, type TCryptoToolContext, type TDecryptedPlaintext } from '@/components/keys/crypto-tool-input';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/input';
import type { KeyState } from '@/lib/kms/types';
import { decryptTextAction } from './actions';
import { base64ByteLength, normalisePastedBase64 } from './browser-files';
import { useCryptoToolAction, type TCheckedInput } from './use-crypto-tool-action';

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
  const { submit, pending, fieldErrorText: ciphertextError, failureText, clearErrors } = useCryptoToolAction({
    action: decryptTextAction,
    state,
    context,
    field: 'ciphertextBlob',
  });
  const [plaintext, setPlaintext] = useState<TDecryptedPlaintext | null>(null);
  // The input changes from outside too ("Decrypt this ciphertext"): an earlier result must not stay next to it.
  const [resultFor, setResultFor] = useState<string | null>(null);
  const shown = plaintext && resultFor === ciphertext ? plaintext : null;

  /** The pasted ciphertext as canonical base64. */
  function checkCiphertext(): TCheckedInput<string> {
    if (ciphertext.trim() === '') return { error: 'required' };
    const base64 = normalisePastedBase64(ciphertext);
    if (base64 === null) return { error: 'invalid' };
    return base64ByteLength(base64) > MAX_CIPHERTEXT_BYTES ? { error: 'tooLong' } : { value: base64 };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPlaintext(null);
    const data = await submit(checkCiphertext(), (base64, pairs) => ({ keyId, ciphertextBlob: base64, encryptionContext: pairs }));
    if (data) {
      setPlaintext(decodePlaintext(data.plaintext));
      setResultFor(ciphertext);
    }
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
              clearErrors();
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
      {failureText ? <Alert>{failureText}</Alert> : null}
      {shown?.kind === 'text' ? <CryptoOutput id="decrypt-plaintext" label={t('result')} value={shown.text} copyLabel={t('copy')} /> : null}
      {shown?.kind === 'base64' ? (
        <CryptoOutput id="decrypt-plaintext" label={t('resultBase64')} value={shown.base64} copyLabel={t('copy')} note={t('notText')} monospace />
      ) : null}
    </section>
  );
}
