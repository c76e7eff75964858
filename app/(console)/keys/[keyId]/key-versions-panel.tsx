'use client';

import { useTranslations } from 'next-intl';
import { MaterialVersionsTable } from '@/components/keys/material-versions-table';
import { Button } from '@/components/ui/button';
import { Panel, PanelHeader } from '@/components/ui/panel';
import type { KeyView, MaterialVersionView, TKeyRotationStatus, TPermittedActions, TPermittedVersionActions } from '@/lib/kms';
import { MAX_ON_DEMAND_ROTATIONS } from '@/lib/kms/public-limits';
import type { TKeyPagePermissions } from '@/lib/server/console-permissions';
import { AutomaticRotation } from './automatic-rotation';
import { DeleteMaterialDialog } from './delete-material-dialog';
import { newMaterialTarget, reimportTarget, type TImportTarget } from './import-target';
import { RotateNowDialog } from './rotate-now-dialog';

export type TVersionsPermissions = Pick<TKeyPagePermissions, 'importMaterial' | 'deleteMaterial' | 'rotate' | 'configureRotation'>;

/**
 * The key's material versions (SPEC §11) with what may be done to them: for imported keys, new material for a
 * rotation, rotating to it, and per version re-importing or deleting its material; for generated keys,
 * automatic rotation and rotating now. What is offered is what the domain allows (`allowed`, per version
 * `versionAllowed`, lib/kms permittedActions) and the role may (`permissions`); the import opens the
 * wizard in the material section (`onImport`).
 */
export function KeyVersionsPanel({
  keyView,
  versions,
  rotation,
  allowed,
  versionAllowed,
  permissions,
  onImport,
}: {
  keyView: KeyView;
  versions: readonly MaterialVersionView[];
  /** Generated keys: automatic rotation's status; null for imported keys. */
  rotation: TKeyRotationStatus | null;
  allowed: Pick<TPermittedActions, 'importNewMaterial' | 'rotate' | 'configureRotation'>;
  versionAllowed: Readonly<Record<string, TPermittedVersionActions>>;
  permissions: TVersionsPermissions;
  onImport: (target: TImportTarget) => void;
}) {
  const t = useTranslations('versions');
  const imported = keyView.origin === 'EXTERNAL';
  const confirmName = keyView.aliases[0] ?? keyView.id;
  const pending = versions.find((version) => version.state === 'PENDING_ROTATION') ?? null;
  const canImportNew = imported && permissions.importMaterial && allowed.importNewMaterial.allowed;
  const canRotate = permissions.rotate && allowed.rotate.allowed;
  // Why rotation is not offered, where the person could otherwise rotate and can act on the reason.
  const rotateNote =
    permissions.rotate && !allowed.rotate.allowed && (allowed.rotate.refusal === 'limit' || allowed.rotate.refusal === 'disabled')
      ? t(`rotate.${allowed.rotate.refusal}`, { max: MAX_ON_DEMAND_ROTATIONS })
      : null;

  const rowActions = (version: MaterialVersionView) => {
    const verdicts = versionAllowed[version.materialId];
    return (
      <>
        {permissions.importMaterial && verdicts?.reimport.allowed ? (
          <Button variant="secondary" size="sm" aria-label={t('actions.reimportLabel', { sequence: version.sequence })} onClick={() => onImport(reimportTarget(version))}>
            {t('actions.reimport')}
          </Button>
        ) : null}
        {permissions.deleteMaterial && verdicts?.deleteMaterial.allowed ? (
          <DeleteMaterialDialog keyId={keyView.id} confirmName={confirmName} version={version} />
        ) : null}
      </>
    );
  };
  const anyRowAction =
    imported && versions.some((version) => (permissions.importMaterial && versionAllowed[version.materialId]?.reimport.allowed) || (permissions.deleteMaterial && versionAllowed[version.materialId]?.deleteMaterial.allowed));

  const actions =
    canImportNew || canRotate ? (
      <>
        {canImportNew ? (
          <Button variant="secondary" size="sm" onClick={() => onImport(newMaterialTarget(versions))}>
            {t('actions.importNew')}
          </Button>
        ) : null}
        {canRotate ? <RotateNowDialog keyId={keyView.id} origin={keyView.origin} pending={pending} /> : null}
      </>
    ) : undefined;

  return (
    <Panel aria-labelledby="key-versions-heading">
      <PanelHeader title={t('title')} headingId="key-versions-heading" actions={actions} />
      {rotation ? <AutomaticRotation keyId={keyView.id} status={rotation} canConfigure={permissions.configureRotation && allowed.configureRotation.allowed} /> : null}
      <p className="px-4 pt-2.5 text-xs text-gray-600">{t(`intro.${keyView.origin}`)}</p>
      {rotateNote ? (
        <p className="px-4 pt-1.5 text-xs text-gray-700" data-testid="rotate-note">
          {rotateNote}
        </p>
      ) : null}
      <div className="pt-2">
        {versions.length > 0 ? (
          <MaterialVersionsTable versions={versions} origin={keyView.origin} actions={anyRowAction ? rowActions : undefined} />
        ) : (
          <p className="px-4 pb-3 text-[13px] text-gray-700">{t('empty')}</p>
        )}
      </div>
    </Panel>
  );
}
