import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { BrowserContext } from './test';
import { expect } from './test';

// Fresh authentication (SPEC §9) asks again once a session's password or code is 10 minutes old. Waiting 10
// minutes in a test is no option, and Keyfort has no test-only switch; so, as a fixture, this backdates one
// browser's session row in the e2e instance's own database (the data folder scripts/e2e-server.mjs made, found
// through the log path it writes). Only that session changes; the server reads it from the database as usual.

const PROOF_MAX_AGE_MINUTES = 10;

function e2eDatabaseFile(): string {
  return join(dirname(readFileSync('e2e/.auth/server-log-path', 'utf8').trim()), 'keyfort.db');
}

/** Makes the session of `context` look as if its password or code was last entered 11 minutes ago. */
export async function ageSessionProof(context: BrowserContext): Promise<void> {
  const cookie = (await context.cookies()).find((candidate) => candidate.name.endsWith('session_token'));
  expect(cookie, 'the browser holds a session cookie').toBeDefined();
  // Better Auth's cookie is "<token>.<signature>", URL-encoded; the row is found by the token.
  const token = decodeURIComponent(cookie!.value).split('.')[0];
  const provedAt = new Date(Date.now() - (PROOF_MAX_AGE_MINUTES + 1) * 60_000).toISOString().replace('Z', '+00:00');
  const db = new Database(e2eDatabaseFile(), { timeout: 10_000 });
  try {
    const changed = db.prepare('UPDATE "session" SET "authenticatedAt" = ? WHERE "token" = ?').run(provedAt, token).changes;
    expect(changed, 'exactly this browser’s session was backdated').toBe(1);
  } finally {
    db.close();
  }
}
