'use client';

import { useTranslations } from 'next-intl';
import { useRef, useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Select } from '@/components/ui/select';
import type { TWrappingAlgorithm, TWrappingKeySpec } from '@/lib/kms';
import { getImportParametersAction } from './actions';
import { ImportParametersResult } from './import-parameters-result';
import { useImportErrorText } from './import-error-text';
import type { TImportTarget } from './import-target';

// What the wizard offers (SPEC §3). The server accepts exactly these; RSAES_PKCS1_V1_5 is refused there
// and never offered here.
const KEY_SPECS = ['RSA_2048', 'RSA_3072', 'RSA_4096'] as const satisfies readonly TWrappingKeySpec[];
const ALGORITHMS = ['RSAES_OAEP_SHA_256', 'RSAES_OAEP_SHA_1', 'RSA_AES_KEY_WRAP_SHA_256'] as const satisfies readonly TWrappingAlgorithm[];

export type TImportParameters = Extract<Awaited<ReturnType<typeof getImportParametersAction>>, { ok: true }>['data'];

export function ImportParametersStep({
  keyId,
  target,
  parameters,
  onParameters,
  onSkip,
}: {
  keyId: string;
  target: TImportTarget;
  parameters: TImportParameters | null;
  /** null the moment new parameters are requested: the old public key and token must not be used with them. */
  onParameters: (parameters: TImportParameters | null) => void;
  onSkip: () => void;
}) {
  const t = useTranslations('keys.importWizard.step1');
  const errorText = useImportErrorText();
  const { run, pending } = useAction(getImportParametersAction, { refresh: false });
  const [keySpec, setKeySpec] = useState<TWrappingKeySpec>('RSA_3072');
  const [algorithm, setAlgorithm] = useState<TWrappingAlgorithm>('RSAES_OAEP_SHA_256');
  const [error, setError] = useState<string | null>(null);
  const latestRequest = useRef(0);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    // The old public key, token and their downloads go at once: while the new ones load (long when no RSA
    // pair is ready), downloading the old key next to the new token would make an import that cannot unwrap.
    onParameters(null);
    const request = ++latestRequest.current;
    const result = await run({ keyId, wrappingAlgorithm: algorithm, wrappingKeySpec: keySpec });
    // Only the latest request's answer counts.
    if (request !== latestRequest.current) return;
    if (result.ok) onParameters(result.data);
    else setError(errorText(result));
  }

  return (
    <section aria-labelledby="import-step1-heading" className="space-y-3">
      <h4 id="import-step1-heading" className="text-[13px] font-semibold text-gray-900">
        {t('title')}
      </h4>
      <p className="text-[13px] text-gray-700">{t('intro')}</p>
      <form onSubmit={onSubmit} noValidate className="space-y-3">
        <div className="grid gap-3 sm:grid-cols-2">
          <FormField id="wrapping-key-spec" label={t('keySpec')} hint={t('keySpecHint')}>
            <Select
              id="wrapping-key-spec"
              value={keySpec}
              onChange={(event) => setKeySpec(event.target.value as TWrappingKeySpec)}
              aria-describedby={describedBy('wrapping-key-spec', { hint: true })}
              className="w-full"
            >
              {KEY_SPECS.map((spec) => (
                <option key={spec} value={spec}>
                  {spec}
                </option>
              ))}
            </Select>
          </FormField>
          <FormField id="wrapping-algorithm" label={t('algorithm')} hint={t('algorithmHint')}>
            <Select
              id="wrapping-algorithm"
              value={algorithm}
              onChange={(event) => setAlgorithm(event.target.value as TWrappingAlgorithm)}
              aria-describedby={describedBy('wrapping-algorithm', { hint: true })}
              className="w-full"
            >
              {ALGORITHMS.map((name) => (
                <option key={name} value={name}>
                  {t(`algorithms.${name}`)}
                </option>
              ))}
            </Select>
          </FormField>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" variant={parameters || pending ? 'secondary' : 'primary'} loading={pending}>
            {parameters || pending ? t('again') : t('submit')}
          </Button>
          {parameters || pending ? null : (
            <Button variant="link" size="sm" onClick={onSkip}>
              {t('skip')}
            </Button>
          )}
        </div>
        {pending ? (
          <p role="status" className="text-[13px] text-gray-700" data-testid="import-parameters-loading">
            {t('loading')}
          </p>
        ) : null}
        {error ? <Alert>{error}</Alert> : null}
      </form>
      {parameters ? <ImportParametersResult parameters={parameters} target={target} /> : null}
    </section>
  );
}
