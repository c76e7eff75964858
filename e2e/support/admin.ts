// The administrator the first-run set-up spec creates on the empty e2e instance. Other specs sign in
// with it again (failed sign-ins count against the per-address limit, 10 per 15 minutes: keep them few).
export const ADMIN = {
  email: 'admin@keyfort.example.com',
  name: 'E2E Administrator',
  password: 'e2e-correct-horse-battery-staple',
} as const;

/** Written by first-run.setup.ts; the "console" project starts every test signed in with it. */
export const ADMIN_STORAGE_STATE = 'e2e/.auth/admin.json';

/** For specs that must start signed out (`test.use({ storageState: SIGNED_OUT })`). */
export const SIGNED_OUT = { cookies: [], origins: [] };
