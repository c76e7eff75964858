import { audited } from './audited';
import { authorize } from './authorize';
import type { KmsContext } from './context';
import { existingKeyIdOfRef, keyRefDetail } from './key-ref';
import type { AliasRecord, Principal } from './types';
import { encodeListMarker, ZListAliasesInput, parseInput } from './validation';

export interface TListAliasesOptions {
  actor: Principal;
  /** Only this key's aliases: a key ID, or an alias name with or without `alias/`. */
  keyRef?: string;
  /** 1–100, default 50. */
  limit?: number;
  /** The previous page's nextMarker. */
  marker?: string;
}

export interface TAliasList {
  aliases: AliasRecord[];
  /** Pass as `marker` for the next page; null on the last page. */
  nextMarker: string | null;
}

/** Aliases by name (byte order), all of them or one key's (NOT_FOUND when that key does not exist). */
export async function listAliases(ctx: KmsContext, options: TListAliasesOptions): Promise<TAliasList> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListAliases',
    keyId: options.keyRef,
    details: keyRefDetail(options.keyRef),
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'keys:read');
      const input = parseInput({ schema: ZListAliasesInput, input: options });
      const keyId = input.keyRef === undefined ? undefined : await existingKeyIdOfRef(ctx.store, input.keyRef);
      // One more than asked: whether another page follows, without a count.
      const rows = await ctx.store.listAliases({ keyId, after: input.marker, limit: input.limit + 1 });
      const aliases = rows.slice(0, input.limit);
      const last = aliases.at(-1);
      return { aliases, nextMarker: rows.length > aliases.length && last ? encodeListMarker(last.name) : null };
    },
  });
}
