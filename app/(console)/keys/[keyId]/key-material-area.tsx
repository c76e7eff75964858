'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { KeyMaterialSection } from '@/components/keys/key-material-section';
import { Button } from '@/components/ui/button';
import { CheckIcon } from '@/components/ui/icons';
import type { KeyView, TPermittedActions } from '@/lib/kms';
import type { TKeyPagePermissions } from '@/lib/server/console-permissions';
import { DeleteMaterialDialog } from './delete-material-dialog';
import type { TImportedNotice } from './import-material-step';
import { ImportWizard } from './import-wizard';

/**
 * Says the import succeeded, in place of the wizard that just closed, and takes the keyboard there (the
 * wizard's controls are gone, so focus would otherwise fall back to the top of the page).
 */
function ImportedNotice({ notice }: { notice: TImportedNotice }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), [notice]);
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role="status"
      data-testid="import-success"
      className="mx-4 mb-3 flex gap-2 rounded border border-green-200 bg-green-50 px-3 py-2 text-[13px] text-green-900"
    >
      <CheckIcon className="mt-0.5 shrink-0" width={14} height={14} strokeWidth={3} />
      <div>
        <p className="font-medium">{notice.title}</p>
        <p>{notice.description}</p>
      </div>
    </div>
  );
}

/**
 * The key material section with its controls: import and delete where the domain allows them for this key's
 * origin, state and material (`allowed`, lib/kms permittedActions) and the role may (`permissions`).
 */
export function KeyMaterialArea({
  keyView,
  allowed,
  permissions,
}: {
  keyView: KeyView;
  allowed: Pick<TPermittedActions, 'importMaterial' | 'deleteMaterial'>;
  permissions: Pick<TKeyPagePermissions, 'importMaterial' | 'deleteMaterial'>;
}) {
  const t = useTranslations('keys.material');
  const [wizardOpenedAt, setWizardOpenedAt] = useState<number | null>(null);
  const [imported, setImported] = useState<TImportedNotice | null>(null);
  const canImport = permissions.importMaterial && allowed.importMaterial.allowed;
  const canDelete = permissions.deleteMaterial && allowed.deleteMaterial.allowed;
  const wizardOpen = canImport && wizardOpenedAt !== null;

  const actions =
    canImport || canDelete ? (
      <>
        {canImport && !wizardOpen ? (
          <Button
            variant={keyView.material.status === 'IMPORTED' ? 'secondary' : 'primary'}
            size="sm"
            onClick={() => {
              setImported(null);
              setWizardOpenedAt(Date.now());
            }}
          >
            {keyView.material.status === 'IMPORTED' ? t('importAgain') : t('import')}
          </Button>
        ) : null}
        {canDelete ? <DeleteMaterialDialog keyId={keyView.id} confirmName={keyView.aliases[0] ?? keyView.id} /> : null}
      </>
    ) : undefined;

  return (
    <KeyMaterialSection keyView={keyView} actions={actions}>
      {wizardOpen ? (
        <ImportWizard
          keyId={keyView.id}
          materialId={keyView.material.materialId}
          openedAt={wizardOpenedAt}
          onClose={() => setWizardOpenedAt(null)}
          onImported={(notice) => {
            setWizardOpenedAt(null);
            setImported(notice);
          }}
        />
      ) : null}
      {/* Until the material is gone again (deleted here, or expired): then the notice would be stale. */}
      {imported && !wizardOpen && keyView.material.status === 'IMPORTED' ? <ImportedNotice notice={imported} /> : null}
    </KeyMaterialSection>
  );
}
