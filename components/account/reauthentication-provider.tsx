'use client';

import { useCallback, useRef, useState, type ReactNode } from 'react';
import { ReauthenticationContext } from './reauthentication-context';
import { ReauthenticationDialog, type TReauthenticateAction } from './reauthentication-dialog';

/**
 * One re-authentication dialog for the whole console. useAction calls `request()` when a server action
 * answers REAUTHENTICATION_REQUIRED; the dialog opens over whatever dialog started the action, and the
 * promise settles when the password (or code) is accepted (true: the action is retried) or the dialog is cancelled.
 * Requests arriving while it is open share it.
 */
/** `offerCode`: the person has multi-factor sign-in on, so an authenticator code may stand in for the password. */
export function ReauthenticationProvider({ action, offerCode, children }: { action: TReauthenticateAction; offerCode: boolean; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const waiting = useRef<Array<(proved: boolean) => void>>([]);

  const request = useCallback(
    () =>
      new Promise<boolean>((resolve) => {
        waiting.current.push(resolve);
        setOpen(true);
      }),
    [],
  );

  const settle = useCallback((proved: boolean) => {
    setOpen(false);
    const resolvers = waiting.current.splice(0);
    for (const resolve of resolvers) resolve(proved);
  }, []);

  return (
    <ReauthenticationContext.Provider value={request}>
      {children}
      <ReauthenticationDialog open={open} onDone={settle} action={action} offerCode={offerCode} />
    </ReauthenticationContext.Provider>
  );
}
