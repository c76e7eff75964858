'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { CryptoOutput } from '@/components/keys/crypto-output';
import { MAX_PLAINTEXT_BYTES, utf8ByteLength, type TCryptoToolContext } from '@/components/keys/crypto-tool-input';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Textarea } from '@/components/ui/input';
import type { KeyState } from '@/lib/kms/types';
import { encryptTextAction } from './actions';
import { useCryptoToolAction, type TCheckedInput } from './use-crypto-tool-action';

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
  const { submit, pending, fieldErrorText: plaintextError, failureText, clearErrors } = useCryptoToolAction({ action: encryptTextAction, state, context, field: 'plaintext' });
  const [plaintext, setPlaintext] = useState('');
  const [ciphertext, setCiphertext] = useState<string | null>(null);
  const bytes = utf8ByteLength(plaintext);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setCiphertext(null);
    const checked: TCheckedInput<string> = plaintext === '' ? { error: 'required' } : bytes > MAX_PLAINTEXT_BYTES ? { error: 'tooLong' } : { value: plaintext };
    const data = await submit(checked, (value, pairs) => ({ keyId, plaintext: value, encryptionContext: pairs }));
    if (data) setCiphertext(data.ciphertextBlob);
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
              clearErrors();
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
      {failureText ? <Alert>{failureText}</Alert> : null}
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
