'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { DATE_TIME } from '@/components/format';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { DAY_MS } from '@/components/keys/remaining-time';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Input, Textarea } from '@/components/ui/input';
import { kcvOpensslCommand } from '@/lib/kms/kcv-command';
// The server's limits, checked here first so an oversized file is not even sent.
import { MAX_IMPORT_TOKEN_BYTES, MAX_MATERIAL_DESCRIPTION_CHARS, MAX_WRAPPED_MATERIAL_BYTES } from '@/lib/kms/public-limits';
import type { FieldErrorKey } from '@/lib/server/action';
import { importKeyMaterialAction } from './actions';
import { base64ByteLength, normalisePastedBase64, readFileAsBase64 } from './browser-files';
import { Choice, fileInputClasses } from './choice';
import { CommandBlock } from './command-block';
import { ExpiryField, parseLocalInputValue, toLocalInputValue, type TExpiryMode } from './expiry-field';
import { useImportErrorText } from './import-error-text';
import type { TImportParameters } from './import-parameters-step';
import { importTypeFields, materialFileName, type TImportTarget } from './import-target';
import { importFileNames } from './openssl-commands';

type TField = 'importToken' | 'encryptedKeyMaterial' | 'expiration.validTo' | 'description';

export interface TImportedNotice {
  title: string;
  description: string;
  /** The version the material went into: the page names it and shows the key check value Keyfort computed. */
  materialId: string;
}

export function ImportMaterialStep({
  keyId,
  target,
  parameters,
  openedAt,
  onImported,
}: {
  keyId: string;
  target: TImportTarget;
  parameters: TImportParameters | null;
  openedAt: number;
  /** The wizard closes, and the page says so where it was (with the keyboard there). */
  onImported: (notice: TImportedNotice) => void;
}) {
  const t = useTranslations('keys.importWizard.step2');
  const tv = useTranslations('versions.wizard');
  const tToast = useTranslations('keys.toast');
  const format = useFormatter();
  const { forField } = useErrorText();
  const importErrorText = useImportErrorText();
  const { run, pending } = useAction(importKeyMaterialAction);
  const files = importFileNames(keyId);
  const plaintextFile = materialFileName(keyId, target);

  const [tokenSource, setTokenSource] = useState<'wizard' | 'file'>('wizard');
  const [tokenFile, setTokenFile] = useState<File | null>(null);
  const [materialSource, setMaterialSource] = useState<'file' | 'paste'>('file');
  const [materialFile, setMaterialFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState('');
  const [expiryMode, setExpiryMode] = useState<TExpiryMode>('never');
  const [validTo, setValidTo] = useState(() => toLocalInputValue(openedAt + DAY_MS));
  // SPEC §11: new material may carry a description of its version (AWS KeyMaterialDescription).
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Partial<Record<TField, string>>>({});
  const [formError, setFormError] = useState<string | null>(null);

  // The wizard carries the token from step 1; without one (or by choice) the user uploads a token file.
  const useWizardToken = parameters !== null && tokenSource === 'wizard';
  const fieldError = (field: TField, key: FieldErrorKey) => forField({ [field]: [key] }, field);

  async function readToken(): Promise<string | { error: string }> {
    if (useWizardToken && parameters) return parameters.importToken;
    if (!tokenFile) return { error: fieldError('importToken', 'required') ?? '' };
    if (tokenFile.size === 0 || tokenFile.size > MAX_IMPORT_TOKEN_BYTES) return { error: fieldError('importToken', 'tooLong') ?? '' };
    return readFileAsBase64(tokenFile);
  }

  async function readMaterial(): Promise<string | { error: string }> {
    if (materialSource === 'paste') {
      if (pasted.trim() === '') return { error: fieldError('encryptedKeyMaterial', 'required') ?? '' };
      const base64 = normalisePastedBase64(pasted);
      if (base64 === null || base64ByteLength(base64) > MAX_WRAPPED_MATERIAL_BYTES) return { error: fieldError('encryptedKeyMaterial', 'invalid') ?? '' };
      return base64;
    }
    if (!materialFile) return { error: fieldError('encryptedKeyMaterial', 'required') ?? '' };
    if (materialFile.size === 0 || materialFile.size > MAX_WRAPPED_MATERIAL_BYTES) return { error: fieldError('encryptedKeyMaterial', 'tooLong') ?? '' };
    return readFileAsBase64(materialFile);
  }

  function readExpiration() {
    if (expiryMode === 'never') return { model: 'KEY_MATERIAL_DOES_NOT_EXPIRE' as const };
    if (validTo === '') return { error: fieldError('expiration.validTo', 'required') ?? '' };
    const instant = parseLocalInputValue(validTo);
    if (!instant || instant.getTime() <= Date.now()) return { error: fieldError('expiration.validTo', 'invalid') ?? '' };
    return { model: 'KEY_MATERIAL_EXPIRES' as const, validTo: instant.toISOString() };
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const [importToken, encryptedKeyMaterial] = await Promise.all([readToken(), readMaterial()]);
    const expiration = readExpiration();
    const found: Partial<Record<TField, string>> = {};
    if (typeof importToken !== 'string') found.importToken = importToken.error;
    if (typeof encryptedKeyMaterial !== 'string') found.encryptedKeyMaterial = encryptedKeyMaterial.error;
    if ('error' in expiration) found['expiration.validTo'] = expiration.error;
    const describes = target.kind === 'NEW' && description.trim() !== '';
    if (describes && [...description].length > MAX_MATERIAL_DESCRIPTION_CHARS) found.description = tv('descriptionTooLong', { max: MAX_MATERIAL_DESCRIPTION_CHARS });
    setErrors(found);
    if (typeof importToken !== 'string' || typeof encryptedKeyMaterial !== 'string' || 'error' in expiration || found.description) return;

    const result = await run({
      keyId,
      importToken,
      encryptedKeyMaterial,
      expiration,
      ...importTypeFields(target),
      ...(describes ? { description } : {}),
    });
    if (result.ok) {
      const expires = expiration.model === 'KEY_MATERIAL_EXPIRES' ? new Date(expiration.validTo) : null;
      onImported({
        title: tToast('materialImported'),
        description: expires ? tToast('materialExpiresOn', { date: format.dateTime(expires, DATE_TIME) }) : tToast('materialNeverExpires'),
        materialId: result.data.importedMaterialId,
      });
    } else if (result.fieldErrors) {
      const fromServer = {
        importToken: forField(result.fieldErrors, 'importToken'),
        encryptedKeyMaterial: forField(result.fieldErrors, 'encryptedKeyMaterial'),
        'expiration.validTo': forField(result.fieldErrors, 'expiration.validTo'),
        description: result.fieldErrors.description ? tv('descriptionTooLong', { max: MAX_MATERIAL_DESCRIPTION_CHARS }) : undefined,
      };
      setErrors(fromServer);
      // A field this form does not show (e.g. a malformed key ID) still needs words somewhere.
      if (!Object.values(fromServer).some(Boolean)) setFormError(importErrorText(result));
    } else {
      setFormError(importErrorText(result));
    }
  }

  return (
    <section aria-labelledby="import-step2-heading" className="space-y-3">
      <h4 id="import-step2-heading" tabIndex={-1} className="text-[13px] font-semibold text-gray-900">
        {t('title')}
      </h4>
      <CommandBlock
        id="import-kcv-command"
        title={tv('kcvTitle')}
        copyLabel={tv('copyKcvCommand')}
        text={kcvOpensslCommand(plaintextFile)}
        hint={[
          tv('kcvHint', { material: plaintextFile }),
          target.kind === 'EXISTING' && target.kcv ? tv('kcvExpected', { sequence: target.sequence, kcv: target.kcv }) : tv('kcvNew'),
        ].join(' ')}
        testId="kcv-command"
      />
      <form onSubmit={onSubmit} noValidate className="space-y-4">
        <fieldset className="space-y-2">
          <legend className="text-[13px] font-medium text-gray-800">{t('token')}</legend>
          {parameters ? (
            <>
              <Choice name="import-token-source" value="wizard" checked={useWizardToken} onSelect={() => setTokenSource('wizard')}>
                {t('tokenFromWizard')}
              </Choice>
              <Choice name="import-token-source" value="file" checked={!useWizardToken} onSelect={() => setTokenSource('file')}>
                {t('tokenFromFile')}
              </Choice>
            </>
          ) : null}
          {useWizardToken ? null : (
            <div className={parameters ? 'pl-6' : undefined}>
              <FormField id="import-token-file" label={t('tokenFile')} hint={t('tokenFileHint')} error={errors.importToken}>
                <input
                  id="import-token-file"
                  type="file"
                  onChange={(event) => setTokenFile(event.target.files?.[0] ?? null)}
                  aria-invalid={errors.importToken ? true : undefined}
                  aria-describedby={describedBy('import-token-file', { hint: true, error: Boolean(errors.importToken) })}
                  className={fileInputClasses}
                />
              </FormField>
            </div>
          )}
        </fieldset>

        <fieldset className="space-y-2">
          <legend className="text-[13px] font-medium text-gray-800">{t('material')}</legend>
          <Choice name="wrapped-material-source" value="file" checked={materialSource === 'file'} onSelect={() => setMaterialSource('file')}>
            {t('materialFromFile')}
          </Choice>
          <Choice name="wrapped-material-source" value="paste" checked={materialSource === 'paste'} onSelect={() => setMaterialSource('paste')}>
            {t('materialFromPaste')}
          </Choice>
          <div className="pl-6">
            {materialSource === 'file' ? (
              <FormField
                id="wrapped-material-file"
                label={t('materialFile')}
                hint={t('materialFileHint', { file: files.wrappedMaterial })}
                error={errors.encryptedKeyMaterial}
              >
                <input
                  id="wrapped-material-file"
                  type="file"
                  onChange={(event) => setMaterialFile(event.target.files?.[0] ?? null)}
                  aria-invalid={errors.encryptedKeyMaterial ? true : undefined}
                  aria-describedby={describedBy('wrapped-material-file', { hint: true, error: Boolean(errors.encryptedKeyMaterial) })}
                  className={fileInputClasses}
                />
              </FormField>
            ) : (
              <FormField
                id="wrapped-material-base64"
                label={t('materialPaste')}
                hint={t('materialPasteHint', { file: files.wrappedMaterial })}
                error={errors.encryptedKeyMaterial}
              >
                <Textarea
                  id="wrapped-material-base64"
                  value={pasted}
                  onChange={(event) => setPasted(event.target.value)}
                  rows={5}
                  spellCheck={false}
                  autoComplete="off"
                  aria-invalid={errors.encryptedKeyMaterial ? true : undefined}
                  aria-describedby={describedBy('wrapped-material-base64', { hint: true, error: Boolean(errors.encryptedKeyMaterial) })}
                  className="font-mono text-xs"
                />
              </FormField>
            )}
          </div>
        </fieldset>

        <ExpiryField mode={expiryMode} onModeChange={setExpiryMode} value={validTo} onValueChange={setValidTo} error={errors['expiration.validTo']} />

        {target.kind === 'NEW' ? (
          <FormField
            id="material-description"
            label={tv('description')}
            hint={tv('descriptionHint', { max: MAX_MATERIAL_DESCRIPTION_CHARS })}
            error={errors.description}
          >
            <Input
              id="material-description"
              value={description}
              onChange={(event) => setDescription(event.target.value)}
              autoComplete="off"
              aria-invalid={errors.description ? true : undefined}
              aria-describedby={describedBy('material-description', { hint: true, error: Boolean(errors.description) })}
            />
          </FormField>
        ) : null}

        {formError ? <Alert>{formError}</Alert> : null}
        <Button type="submit" variant="primary" loading={pending}>
          {t('submit')}
        </Button>
      </form>
    </section>
  );
}
