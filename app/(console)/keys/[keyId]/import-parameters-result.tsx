'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { DATE_TIME } from '@/components/format';
import { Countdown } from '@/components/keys/countdown';
import { Button } from '@/components/ui/button';
import { downloadBase64 } from './browser-files';
import { CommandBlock } from './command-block';
import type { TImportParameters } from './import-parameters-step';
import { materialFileName, type TImportTarget } from './import-target';
import { importFileNames, opensslCommands } from './openssl-commands';

/** What step 1 hands over: the two downloads, the token's lifetime, the PEM and the commands to run. */
export function ImportParametersResult({ parameters, target }: { parameters: TImportParameters; target: TImportTarget }) {
  const t = useTranslations('keys.importWizard.parameters');
  const tv = useTranslations('versions.wizard');
  const format = useFormatter();
  const files = { ...importFileNames(parameters.keyId), material: materialFileName(parameters.keyId, target) };
  // Re-importing a version: the person has its material file, so nothing is generated (no `openssl rand`).
  const bound = target.kind === 'EXISTING';
  const commands = opensslCommands({
    keyId: parameters.keyId,
    algorithm: parameters.wrappingAlgorithm,
    bound,
    materialFile: files.material,
    comments: {
      generate: t('comments.generate'),
      reuse: t('comments.reuse', { file: files.material }),
      wrapOaep: t('comments.wrapOaep', { algorithm: parameters.wrappingAlgorithm }),
      wrapAesMaterial: t('comments.wrapAesMaterial'),
      wrapAesKey: t('comments.wrapAesKey'),
      join: t('comments.join'),
    },
  });

  const headingRef = useRef<HTMLHeadingElement>(null);
  // New parameters replace the form's button text and the blocks below: the keyboard goes to their summary,
  // whose heading says what was issued (each new set is a new object, so asking again moves focus again).
  useEffect(() => headingRef.current?.focus(), [parameters]);

  return (
    <div className="space-y-4 rounded border border-gray-200 bg-white p-3" data-testid="import-parameters">
      <div className="space-y-0.5 text-[13px]">
        <h5 ref={headingRef} tabIndex={-1} className="font-medium text-gray-900" data-testid="import-parameters-heading">
          {t('summary', { keySpec: parameters.wrappingKeySpec, algorithm: parameters.wrappingAlgorithm })}
        </h5>
        <p className="text-gray-700">
          {t('validUntil', { date: format.dateTime(parameters.parametersValidTo, DATE_TIME) })}{' '}
          <Countdown
            until={parameters.parametersValidTo}
            label={t('countdownLabel')}
            expired={t('expired')}
            format={(remaining) => `(${t('validFor', { remaining })})`}
            className="tabular-nums"
          />
        </p>
      </div>
      <div className="space-y-1.5">
        <div className="flex flex-wrap gap-2">
          <Button size="sm" onClick={() => downloadBase64({ base64: parameters.publicKeyDer, fileName: files.publicKey })}>
            {t('downloadPublicKey')}
          </Button>
          <Button size="sm" onClick={() => downloadBase64({ base64: parameters.importToken, fileName: files.importToken })}>
            {t('downloadToken')}
          </Button>
        </div>
        <p className="text-xs text-gray-600">{t('downloadsHint')}</p>
      </div>
      <CommandBlock id="import-public-key-pem" title={t('pem')} copyLabel={t('copyPem')} text={parameters.publicKeyPem} testId="public-key-pem" />
      <CommandBlock
        id="import-openssl-commands"
        title={t('commands')}
        copyLabel={t('copyCommands')}
        text={commands}
        hint={[
          t('commandsHint', { publicKey: files.publicKey, wrapped: files.wrappedMaterial }),
          target.kind === 'EXISTING' ? t('commandsBound', { material: files.material }) : null,
          target.kind === 'EXISTING' && target.sequence > 1 ? tv('commandsVersion', { material: files.material, sequence: target.sequence }) : null,
          target.kind === 'NEW' ? tv('commandsNew', { material: files.material }) : null,
        ]
          .filter(Boolean)
          .join(' ')}
        testId="openssl-commands"
      />
    </div>
  );
}
