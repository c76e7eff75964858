'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { KeyMaterialSection } from '@/components/keys/key-material-section';
import { Button } from '@/components/ui/button';
import { CheckIcon } from '@/components/ui/icons';
import type { KeyView, MaterialVersionView, TKeyRotationStatus, TPermittedActions, TPermittedVersionActions } from '@/lib/kms';
import type { TKeyPagePermissions } from '@/lib/server/console-permissions';
import type { TImportedNotice } from './import-material-step';
import { defaultImportTarget, type TImportTarget } from './import-target';
import { ImportWizard } from './import-wizard';
import { KeyVersionsPanel } from './key-versions-panel';

/**
 * Says the import succeeded, in place of the wizard that just closed, and takes the keyboard there (the
 * wizard's controls are gone, so focus would otherwise fall back to the top of the page). It names the version
 * the material went into and the key check value Keyfort computed for it, read from the refreshed versions, so
 * the person can compare it with their file's.
 */
function ImportedNotice({ notice, version }: { notice: TImportedNotice; version: MaterialVersionView | undefined }) {
  const t = useTranslations('versions.wizard');
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
        {version ? (
          <p data-testid="imported-kcv" data-kcv={version.kcv ?? undefined}>
            {version.kcv ? t('importedKcv', { kcv: version.kcv, sequence: version.sequence }) : t('importedVersion', { sequence: version.sequence })}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/**
 * The key material section and the versions view with their controls: import (first material, a version
 * again, new material for a rotation), delete per version and rotation, where the domain allows them for
 * this key's origin, state and versions (`allowed`, `versionAllowed`: lib/kms permittedActions) and the role
 * may (`permissions`). One wizard, in the material section, whatever opened it.
 */
export function KeyMaterialArea({
  keyView,
  versions,
  rotation,
  allowed,
  versionAllowed,
  permissions,
}: {
  keyView: KeyView;
  versions: readonly MaterialVersionView[];
  rotation: TKeyRotationStatus | null;
  allowed: Pick<TPermittedActions, 'importMaterial' | 'importNewMaterial' | 'rotate' | 'configureRotation'>;
  versionAllowed: Readonly<Record<string, TPermittedVersionActions>>;
  permissions: Pick<TKeyPagePermissions, 'importMaterial' | 'deleteMaterial' | 'rotate' | 'configureRotation'>;
}) {
  const t = useTranslations('keys.material');
  const [wizard, setWizard] = useState<{ target: TImportTarget; openedAt: number } | null>(null);
  const [imported, setImported] = useState<TImportedNotice | null>(null);
  const canImport = permissions.importMaterial && allowed.importMaterial.allowed;
  const wizardOpen = permissions.importMaterial && wizard !== null;
  const importedVersion = imported ? versions.find((version) => version.materialId === imported.materialId) : undefined;

  const openWizard = (target: TImportTarget) => {
    setImported(null);
    setWizard({ target, openedAt: Date.now() });
  };

  const actions =
    canImport && !wizardOpen ? (
      <Button variant={keyView.material.status === 'IMPORTED' ? 'secondary' : 'primary'} size="sm" onClick={() => openWizard(defaultImportTarget(versions))}>
        {keyView.material.status === 'IMPORTED' ? t('importAgain') : t('import')}
      </Button>
    ) : undefined;

  return (
    <>
      <KeyMaterialSection keyView={keyView} kcv={versions.find((version) => version.materialId === keyView.material.materialId)?.kcv} actions={actions}>
        {wizardOpen && wizard ? (
          <ImportWizard
            // Another target (a row's re-import while the wizard is open) starts the wizard afresh.
            key={`${wizard.target.kind}-${wizard.target.kind === 'FIRST' ? 1 : wizard.target.sequence}-${wizard.openedAt}`}
            keyId={keyView.id}
            target={wizard.target}
            openedAt={wizard.openedAt}
            onClose={() => setWizard(null)}
            onImported={(notice) => {
              setWizard(null);
              setImported(notice);
            }}
          />
        ) : null}
        {/* Until the version's material is gone again (deleted here, or expired): then the notice would be stale. */}
        {imported && !wizardOpen && importedVersion?.importState === 'IMPORTED' ? <ImportedNotice notice={imported} version={importedVersion} /> : null}
      </KeyMaterialSection>
      <KeyVersionsPanel
        keyView={keyView}
        versions={versions}
        rotation={rotation}
        allowed={allowed}
        versionAllowed={versionAllowed}
        permissions={permissions}
        onImport={openWizard}
      />
    </>
  );
}
