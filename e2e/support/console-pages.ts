/**
 * The signed-in console's pages, for checks that walk every page (accessibility, message keys): one list, so
 * a page added to the console is added to every such walk. `enabled` and `pending` are seeded keys (an enabled
 * one, and one pending import) whose pages differ.
 */
export function consolePagePaths(keys: { enabled: string; pending: string }): string[] {
  return [
    '/keys',
    '/keys/new',
    `/keys/${keys.enabled}`,
    `/keys/${keys.pending}`,
    '/access-keys',
    '/people',
    '/settings',
    '/audit',
    '/account',
    '/account/security',
    '/account/password',
    '/account/sessions',
    '/no-such-page',
  ];
}
