import type { z } from 'zod';
import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { KmsError } from './errors';
import { toMaterialVersionView, type MaterialVersionView } from './material-versions';
import type { Principal } from './types';
import { ZListKeyRotationsInput, parseInput } from './validation';

export type TListKeyRotationsOptions = z.input<typeof ZListKeyRotationsInput> & { actor: Principal };

export interface TKeyRotations {
  keyId: string;
  items: MaterialVersionView[];
  /** Hand back as `marker` for the next page; null on the last one. */
  nextMarker: string | null;
}

/**
 * SPEC §11, ListKeyRotations: the versions that became CURRENT by a rotation (ROTATIONS_ONLY, the default),
 * or every version of the key, pending ones included (ALL_KEY_MATERIAL), in the order they were added.
 * The console's versions view reads the latter. Pages are cut by sequence number, so versions added between
 * two pages never shift one.
 */
export async function listKeyRotations(ctx: KmsContext, options: TListKeyRotationsOptions): Promise<TKeyRotations> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListKeyRotations',
    keyId: options.keyId,
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'keys:read');
      const input = parseInput({ schema: ZListKeyRotationsInput, input: options });
      const key = await ctx.store.findKey(input.keyId);
      if (!key) throw new KmsError('NOT_FOUND', 'No key with this ID.');
      const after = input.marker === undefined ? 0 : Number(input.marker);
      const now = ctx.clock.now();
      const wanted = (await ctx.store.listMaterialVersions(key.id))
        .filter((version) => input.includeKeyMaterial === 'ALL_KEY_MATERIAL' || version.rotationDate !== null)
        .filter((version) => version.sequence > after);
      const page = wanted.slice(0, input.limit);
      const last = page.at(-1);
      return {
        keyId: key.id,
        items: page.map((version) => toMaterialVersionView(version, key.origin, now)),
        nextMarker: wanted.length > page.length && last ? String(last.sequence) : null,
      };
    },
  });
}
