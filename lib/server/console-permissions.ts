import type { Principal } from '@/lib/kms/types';
import { mayRead, mayRunAction } from './operation-permissions';

/**
 * Which of the key pages' controls this principal's role may use, read from the one operation table
 * (operation-permissions.ts). Pages pass these to their components, so nobody is offered a button the
 * server would refuse; the server refuses regardless (and audits it).
 */
export interface TKeyPagePermissions {
  createKey: boolean;
  enable: boolean;
  disable: boolean;
  scheduleDeletion: boolean;
  cancelDeletion: boolean;
  updateDescription: boolean;
  createAlias: boolean;
  deleteAlias: boolean;
  /** The import wizard needs both of its steps. */
  importMaterial: boolean;
  deleteMaterial: boolean;
  /** Rotation on demand (SPEC §11). */
  rotate: boolean;
  /** Automatic rotation on or off, and its period. */
  configureRotation: boolean;
  /** The online tool (encrypt and decrypt). */
  useKey: boolean;
}

export function keyPagePermissions(principal: Principal | null): TKeyPagePermissions {
  const may = (action: Parameters<typeof mayRunAction>[1]) => mayRunAction(principal, action);
  return {
    createKey: may('createKeyAction'),
    enable: may('enableKeyAction'),
    disable: may('disableKeyAction'),
    scheduleDeletion: may('scheduleKeyDeletionAction'),
    cancelDeletion: may('cancelKeyDeletionAction'),
    updateDescription: may('updateKeyDescriptionAction'),
    createAlias: may('createAliasAction'),
    deleteAlias: may('deleteAliasAction'),
    importMaterial: may('getImportParametersAction') && may('importKeyMaterialAction'),
    deleteMaterial: may('deleteKeyMaterialAction'),
    rotate: may('rotateKeyOnDemandAction'),
    configureRotation: may('enableKeyRotationAction') && may('disableKeyRotationAction'),
    useKey: may('encryptTextAction') && may('decryptTextAction'),
  };
}

/** Console pages in the navigation: only those whose reads the role may do (the pages check again). */
export function navigationPermissions(principal: Principal | null): {
  audit: boolean;
  accessKeys: boolean;
  people: boolean;
  settings: boolean;
} {
  return {
    audit: mayRead(principal, 'listAuditEvents'),
    accessKeys: mayRead(principal, 'listAccessKeys'),
    people: mayRead(principal, 'listPeople'),
    settings: mayRunAction(principal, 'setMfaPolicyAction'),
  };
}
