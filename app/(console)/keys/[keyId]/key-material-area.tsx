'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { KeyMaterialSection } from '@/components/keys/key-material-section';
import { Button } from '@/components/ui/button';
import type { KeyView, TPermittedActions } from '@/lib/kms';
import type { TKeyPagePermissions } from '@/lib/server/console-permissions';
import { DeleteMaterialDialog } from './delete-material-dialog';
import { ImportWizard } from './import-wizard';

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
            onClick={() => setWizardOpenedAt(Date.now())}
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
        />
      ) : null}
    </KeyMaterialSection>
  );
}
