import { expect, type APIRequestContext, type Page } from './test';

/** A server-action POST as the browser sent it: where, which action (Next-Action header), and its body. */
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

export interface TActionResponse {
  status: number;
  /** The action's return value (`{ ok, data | code }`) when the response carried one. */
  result: { ok: boolean; code?: string; data?: Record<string, unknown> } | null;
  text: string;
}

/** Finds the action's return value among the lines of the RSC (flight) response: `<id>:<json>`. */
function resultOf(text: string): TActionResponse['result'] {
  for (const line of text.split('\n')) {
    const json = line.slice(line.indexOf(':') + 1);
    if (!json.startsWith('{')) continue;
    try {
      const value = JSON.parse(json) as Record<string, unknown>;
      if (typeof value.ok === 'boolean') return value as NonNullable<TActionResponse['result']>;
    } catch {
      // Not JSON (a chunk of another kind): keep looking.
    }
  }
  return null;
}

/** Posts a captured action through `request` (its cookies, or none for a fresh context). */
export async function replayAction(request: APIRequestContext, action: TCapturedAction): Promise<TActionResponse> {
  const response = await request.post(action.url, { headers: action.headers, data: action.body, maxRedirects: 0 });
  const text = await response.text();
  return { status: response.status(), result: resultOf(text), text };
}
