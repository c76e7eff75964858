import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { requireFreshAuthentication } from './fresh-authentication';
import { KmsError } from './errors';
import { CLEARED_MATERIAL, type KeyView } from './key-view';
import { mutateKey } from './mutate-key';
import type { Principal } from './types';
import { ZKeyId, parseInput } from './validation';

export interface TDeleteKeyMaterialOptions {
  actor: Principal;
  keyId: string;
}

/**
 * SPEC §2 and §5: the sealed material goes; the key, its metadata, aliases and material ID stay, so only the
 * same material can be imported again. Enabled/Disabled → Pending import; Pending deletion keeps its state;
 * Pending import (nothing usable) and generated keys are refused. Outstanding import tokens stay valid.
 */
export async function deleteKeyMaterial(ctx: KmsContext, options: TDeleteKeyMaterialOptions): Promise<KeyView> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'DeleteImportedKeyMaterial',
    keyId: options.keyId,
    run: async () => {
      authorize(actor, 'keys:import');
      requireFreshAuthentication(ctx.clock, actor);
      const keyId = parseInput({ schema: ZKeyId, input: options.keyId });
      return mutateKey({
        ctx,
        actor,
        auditAction: 'DeleteImportedKeyMaterial',
        stateAction: 'deleteMaterial',
        keyId,
        patch: ({ key }) => {
          // A key pending deletion may never have received material: there is nothing to delete then.
          if (key.materialCiphertext === null) throw new KmsError('INVALID_STATE', 'This key holds no key material to delete.');
          return CLEARED_MATERIAL;
        },
      });
    },
  });
}
