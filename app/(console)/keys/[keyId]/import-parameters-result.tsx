'use client';

import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef } from 'react';
import { DATE_TIME } from '@/components/format';
import { Countdown } from '@/components/keys/countdown';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { downloadBase64 } from './browser-files';
import type { TImportParameters } from './import-parameters-step';
import { importFileNames, opensslCommands } from './openssl-commands';

function Block({ id, title, copyLabel, text, hint, testId }: { id: string; title: string; copyLabel: string; text: string; hint?: string; testId: string }) {
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between gap-2">
        <h5 id={id} className="text-[13px] font-medium text-gray-800">
          {title}
        </h5>
        <CopyButton value={text} label={copyLabel} />
      </div>
      {hint ? <p className="text-xs text-gray-600">{hint}</p> : null}
      <pre
        aria-labelledby={id}
        tabIndex={0}
        data-testid={testId}
        // Wrapped rather than scrolled sideways, so no part of a command is out of sight on a narrow screen; the
        // wrapping is only visual (copying the text gives the lines as they are).
        className="max-h-72 overflow-auto rounded border border-gray-200 bg-gray-950 px-3 py-2 font-mono text-xs leading-5 whitespace-pre-wrap text-gray-100 [overflow-wrap:anywhere]"
      >
        {text}
      </pre>
    </div>
  );
}

/** What step 1 hands over: the two downloads, the token's lifetime, the PEM and the commands to run. */
export function ImportParametersResult({ parameters, bound }: { parameters: TImportParameters; bound: boolean }) {
  const t = useTranslations('keys.importWizard.parameters');
  const format = useFormatter();
  const files = importFileNames(parameters.keyId);
  const commands = opensslCommands({
    keyId: parameters.keyId,
    algorithm: parameters.wrappingAlgorithm,
    bound,
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
      <Block id="import-public-key-pem" title={t('pem')} copyLabel={t('copyPem')} text={parameters.publicKeyPem} testId="public-key-pem" />
      <Block
        id="import-openssl-commands"
        title={t('commands')}
        copyLabel={t('copyCommands')}
        text={commands}
        hint={[
          t('commandsHint', { publicKey: files.publicKey, wrapped: files.wrappedMaterial }),
          bound ? t('commandsBound', { material: files.material }) : null,
        ]
          .filter(Boolean)
          .join(' ')}
        testId="openssl-commands"
      />
    </div>
  );
}
