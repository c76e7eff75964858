'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { Button } from '@/components/ui/button';
import { ImportMaterialStep, type TImportedNotice } from './import-material-step';
import { ImportParametersStep, type TImportParameters } from './import-parameters-step';

/**
 * Bring your own key, in two steps on the key's page: get import parameters (public key, token, commands),
 * then upload the wrapped material with that token. The token stays in this component's state for step 2,
 * and is gone when the wizard closes; step 2 also takes a token file from earlier parameters.
 */
export function ImportWizard({
  keyId,
  materialId,
  openedAt,
  onClose,
  onImported,
}: {
  keyId: string;
  materialId: string | null;
  /** When the wizard was opened: the default expiry counts from it. */
  openedAt: number;
  onClose: () => void;
  onImported: (notice: TImportedNotice) => void;
}) {
  const t = useTranslations('keys.importWizard');
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
      <ImportParametersStep
        keyId={keyId}
        materialId={materialId}
        parameters={parameters}
        onParameters={setParameters}
        onSkip={() => {
          const step2 = document.getElementById('import-step2-heading');
          step2?.scrollIntoView({ behavior: 'smooth' });
          step2?.focus({ preventScroll: true });
        }}
      />
      <ImportMaterialStep keyId={keyId} parameters={parameters} openedAt={openedAt} onImported={onImported} />
    </section>
  );
}
