'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { isActionAllowed } from '@/components/keys/key-actions';
import { KeyMaterialSection } from '@/components/keys/key-material-section';
import { Button } from '@/components/ui/button';
import type { KeyView } from '@/lib/kms/key-view';
import type { TKeyPagePermissions } from '@/lib/server/console-permissions';
import { DeleteMaterialDialog } from './delete-material-dialog';
import { ImportWizard } from './import-wizard';

/**
 * The key material section with its controls. Import and delete exist only for external keys (generated
 * keys are refused by the server anyway), import only in states that accept material, delete only while
 * there is material to delete, and each only to a role that may (`permissions`, from the page).
 */
export function KeyMaterialArea({ keyView, permissions }: { keyView: KeyView; permissions: Pick<TKeyPagePermissions, 'importMaterial' | 'deleteMaterial'> }) {
  const t = useTranslations('keys.material');
  const [wizardOpenedAt, setWizardOpenedAt] = useState<number | null>(null);
  const external = keyView.origin === 'EXTERNAL';
  const canImport = permissions.importMaterial && external && isActionAllowed('importMaterial', keyView.state);
  const canDelete = permissions.deleteMaterial && external && keyView.material.status === 'IMPORTED' && isActionAllowed('deleteMaterial', keyView.state);
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
