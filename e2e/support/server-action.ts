import { expect, type APIRequestContext, type Page } from './test';

/**
 * A server-action POST as the browser sent it: where, which action (Next-Action header), and its body (the
 * action's arguments, which the console posts as a JSON array).
 */
export interface TCapturedAction {
  url: string;
  headers: Record<string, string>;
  body: string;
}

// Transport headers are recomputed by the client that replays; cookies must come only from that client,
// so that a replay "without a session" really carries none.
const DROPPED_HEADERS = new Set(['cookie', 'content-length', 'host', 'connection', 'accept-encoding']);

/** Runs `trigger` (a click in the console) and returns the server-action POST it made. */
export async function captureActionPost(page: Page, trigger: () => Promise<void>): Promise<TCapturedAction> {
  const posted = page.waitForRequest((request) => request.method() === 'POST' && 'next-action' in request.headers());
  await trigger();
  const request = await posted;
  const headers = Object.fromEntries(Object.entries(request.headers()).filter(([name]) => !DROPPED_HEADERS.has(name)));
  return { url: request.url(), headers, body: request.postData() ?? '' };
}

/** The arguments the console passed to the action (actions written with defineAction take one object). */
export function actionArgs(action: TCapturedAction): unknown[] {
  const args: unknown = JSON.parse(action.body);
  expect(Array.isArray(args), 'a defineAction call posts its arguments as a JSON array').toBe(true);
  return args as unknown[];
}

/** The same action with other input, as a script (not the console) would post it. */
export function withInput(action: TCapturedAction, input: Record<string, unknown>): TCapturedAction {
  const [original] = actionArgs(action) as [Record<string, unknown>];
  return { ...action, body: JSON.stringify([{ ...original, ...input }]) };
}

/**
 * What a replay observably did at the HTTP level. The body is Next's internal flight (RSC) format and is
 * deliberately not parsed: specs judge a replay by its effects (the page after a reload, the audit log).
 * `body` is there only to prove something is absent from it (a secret, a public key), never to read a result.
 */
export interface TReplayResponse {
  status: number;
  body: string;
}

/**
 * Posts a captured action through `request` (its cookies, or none for a fresh context), as a script that
 * bypasses the console would: the only way to show that the server itself refuses what the UI never offers.
 */
export async function replayAction(request: APIRequestContext, action: TCapturedAction): Promise<TReplayResponse> {
  const response = await request.post(action.url, { headers: action.headers, data: action.body, maxRedirects: 0 });
  return { status: response.status(), body: await response.text() };
}
