import { audited } from './audited';
import { authorize } from './authorize';
import { compareByteOrder } from './byte-order';
import type { KmsContext } from './context';
import { existingKeyIdOfRef, keyRefDetail } from './key-ref';
import type { Principal, Tag } from './types';
import { encodeListMarker, ZListResourceTagsInput, parseInput } from './validation';

export interface TListResourceTagsOptions {
  actor: Principal;
  /** A key ID, or an alias name with or without `alias/`. */
  keyRef: string;
  /** 1–50, default 50. */
  limit?: number;
  /** The previous page's nextMarker. */
  marker?: string;
}

export interface TResourceTags {
  tags: Tag[];
  /** Pass as `marker` for the next page; null on the last page. */
  nextMarker: string | null;
}

/** A key's tags by tag key (byte order). Allowed in every state, like describing the key. */
export async function listResourceTags(ctx: KmsContext, options: TListResourceTagsOptions): Promise<TResourceTags> {
  const { actor } = options;
  return audited({
    ctx,
    actor,
    action: 'ListResourceTags',
    keyId: options.keyRef,
    details: keyRefDetail(options.keyRef),
    failures: 'refusals',
    run: async () => {
      authorize(actor, 'keys:read');
      const input = parseInput({ schema: ZListResourceTagsInput, input: options });
      const keyId = await existingKeyIdOfRef(ctx.store, input.keyRef);
      const { marker } = input;
      // At most 50 tags: the page is cut here. After the marker's name, not its position, so a tag removed
      // between two pages neither repeats nor hides another.
      const after = (await ctx.store.listTags(keyId)).filter((tag) => marker === undefined || compareByteOrder(tag.tagKey, marker) > 0);
      const tags = after.slice(0, input.limit);
      const last = tags.at(-1);
      return { tags, nextMarker: after.length > tags.length && last ? encodeListMarker(last.tagKey) : null };
    },
  });
}
