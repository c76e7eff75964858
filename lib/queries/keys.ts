// Reads the session and the database: a client component importing this fails the build instead of leaking it.
import 'server-only';
import { cache } from 'react';
import { z } from 'zod';
import { requirePagePrincipal } from '@/lib/auth/session';
import {
  describeKey,
  EXPIRY_WINDOW_IDS,
  getKeyRotationStatus,
  isKmsError,
  listKeyRotations,
  listKeys,
  type KeySort,
  type KeyView,
  type MaterialVersionView,
  type Page,
  type TKeyRotationStatus,
} from '@/lib/kms';
import { KEY_ORIGINS, KEY_STATES } from '@/lib/kms/types';
import { getKmsContext } from '@/lib/server/kms-context';
import { optionalEnumParam, optionalTextParam, parseSearchParams, ZPageParam, type TSearchParams } from './search-params';

export const KEYS_PAGE_SIZE = 20;

export const KEY_SORTS = ['desc', 'asc', 'expiry'] as const;
const SORT: Record<(typeof KEY_SORTS)[number], KeySort> = { desc: 'createdAt:desc', asc: 'createdAt:asc', expiry: 'expiresAt:asc' };

/** The keys list's URL state: ?q=&state=&origin=&expires=&sort=&page= (sort: newest first by default, or soonest expiry). */
export const ZKeyListParams = z.object({
  q: optionalTextParam(255),
  state: optionalEnumParam(KEY_STATES),
  origin: optionalEnumParam(KEY_ORIGINS),
  expires: optionalEnumParam(EXPIRY_WINDOW_IDS),
  sort: optionalEnumParam(KEY_SORTS),
  page: ZPageParam,
});
export type TKeyListParams = z.output<typeof ZKeyListParams>;

export function parseKeyListParams(params: TSearchParams): TKeyListParams {
  return parseSearchParams(ZKeyListParams, params);
}

export type TKeyListResult = { ok: true; page: Page<KeyView> } | { ok: false; reason: 'INVALID_SEARCH' };

export async function getKeyList(params: TKeyListParams): Promise<TKeyListResult> {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  try {
    const page = await listKeys(ctx, {
      actor,
      search: params.q,
      state: params.state,
      origin: params.origin,
      expiresWithin: params.expires,
      sort: SORT[params.sort ?? 'desc'],
      page: params.page,
      pageSize: KEYS_PAGE_SIZE,
    });
    return { ok: true, page };
  } catch (error) {
    // Enum filters and the page are sanitised above, so a refusal here is about the search text
    // (e.g. control characters): answer it next to the search box instead of with an error page.
    if (isKmsError(error) && error.code === 'VALIDATION') return { ok: false, reason: 'INVALID_SEARCH' };
    throw error;
  }
}

/** A key by ID for the detail page, or null when there is no such key (→ notFound()). Cached per request. */
export const getKey = cache(async (keyId: string): Promise<KeyView | null> => {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  try {
    return await describeKey(ctx, { actor, keyRef: keyId });
  } catch (error) {
    if (isKmsError(error) && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION')) return null;
    throw error;
  }
});

/**
 * Every material version of a key (SPEC §11), pending ones included, oldest first: the key page's versions
 * view. One page holds them all: a key has at most 26 versions from rotations on demand plus its automatic ones,
 * and AWS's page limit (1000) is far above what a key reaches in its lifetime.
 */
export async function getKeyVersions(keyId: string): Promise<MaterialVersionView[]> {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  const { items } = await listKeyRotations(ctx, { actor, keyId, includeKeyMaterial: 'ALL_KEY_MATERIAL', limit: 1000 });
  return items;
}

/** Automatic rotation of a generated key: on or off, its period and the next rotation's date. */
export async function getKeyRotation(keyId: string): Promise<TKeyRotationStatus> {
  const actor = await requirePagePrincipal();
  const ctx = await getKmsContext();
  return getKeyRotationStatus(ctx, { actor, keyId });
}
