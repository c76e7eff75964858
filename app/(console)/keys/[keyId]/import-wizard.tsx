'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ImportMaterialStep, type TImportedNotice } from './import-material-step';
import { ImportParametersStep, type TImportParameters } from './import-parameters-step';
import type { TImportTarget } from './import-target';

/**
 * Bring your own key, in two steps on the key's page: get import parameters (public key, token, commands),
 * then upload the wrapped material with that token. The token stays in this component's state for step 2,
 * and is gone when the wizard closes; step 2 also takes a token file from earlier parameters.
 */
export function ImportWizard({
  keyId,
  target,
  openedAt,
  onClose,
  onImported,
}: {
  keyId: string;
  /** What the material is for: the first version, new material for a rotation, or a version again. */
  target: TImportTarget;
  /** When the wizard was opened: the default expiry counts from it. */
  openedAt: number;
  onClose: () => void;
  onImported: (notice: TImportedNotice) => void;
}) {
  const t = useTranslations('keys.importWizard');
  const tv = useTranslations('versions.wizard');
  const [parameters, setParameters] = useState<TImportParameters | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  // The button that opened the wizard is gone once it is open: the keyboard starts at the wizard's heading
  // instead of falling back to the page's top.
  useEffect(() => headingRef.current?.focus(), []);

  return (
    <section aria-labelledby="import-wizard-heading" className="space-y-5 border-t border-gray-200 bg-gray-50/60 px-3 py-4 sm:px-4">
      <div className="flex items-center justify-between gap-2">
        <h3 id="import-wizard-heading" ref={headingRef} tabIndex={-1} className="text-sm font-semibold text-gray-900">
          {t('title')}
        </h3>
        <Button variant="ghost" size="sm" onClick={onClose}>
          {t('close')}
        </Button>
      </div>
      <p className="text-[13px] text-gray-800" data-testid="import-target">
        {target.kind === 'FIRST'
          ? tv('targetFirst')
          : target.kind === 'NEW'
            ? tv('targetNew', { sequence: target.sequence })
            : target.kcv
              ? tv('targetExisting', { sequence: target.sequence, kcv: target.kcv })
              : tv('targetExistingNoKcv', { sequence: target.sequence })}
      </p>
      <ImportParametersStep
        keyId={keyId}
        target={target}
        parameters={parameters}
        onParameters={setParameters}
        onSkip={() => {
          const step2 = document.getElementById('import-step2-heading');
          step2?.scrollIntoView({ behavior: 'smooth' });
          step2?.focus({ preventScroll: true });
        }}
      />
      <ImportMaterialStep keyId={keyId} target={target} parameters={parameters} openedAt={openedAt} onImported={onImported} />
    </section>
  );
}
