import type { TMessageTree } from './message-tree';

/**
 * One JSON file per area (messages/<folder>/<area>.json), each owned by the part of the app that uses it.
 * A file's content becomes the namespace named after the file (`useTranslations('keys')`).
 */
export const MESSAGE_AREAS = ['common', 'auth', 'keys', 'audit', 'errors', 'access-keys', 'mfa', 'people', 'account', 'versions', 'audit-actions', 'language'] as const;

export type TMessageArea = (typeof MESSAGE_AREAS)[number];

/** An area file's messages without the wrapper some files put around themselves (`{ "auth": { … } }`). */
export function areaContent(area: TMessageArea, file: TMessageTree): TMessageTree {
  const keys = Object.keys(file);
  const inner = file[area];
  if (keys.length === 1 && typeof inner === 'object') return inner;
  return file;
}
