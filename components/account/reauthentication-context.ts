'use client';

import { createContext, useContext } from 'react';

/**
 * Asks the person to prove themselves again (password, later also an authenticator code); resolves true
 * once the server accepted it and the session is fresh, false when they cancelled.
 */
export type TRequestReauthentication = () => Promise<boolean>;

export const ReauthenticationContext = createContext<TRequestReauthentication | null>(null);

/** Null outside the console (e.g. the sign-in pages): actions then simply report REAUTHENTICATION_REQUIRED. */
export function useReauthentication(): TRequestReauthentication | null {
  return useContext(ReauthenticationContext);
}
