'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { ActionResult } from '@/lib/server/action';

/** The server action that checks the password (app/(console)/account/actions.ts), passed in by the layout. */
export type TReauthenticateAction = (input: { password: string }) => Promise<ActionResult<{ outcome: 'accepted' | 'wrong-password' | 'rate-limited' }>>;

type TFailure = 'wrong-password' | 'rate-limited' | 'failed';

/**
 * Asks for the password in place. Its own action, not useAction: a re-authentication must never itself
 * trigger a re-authentication, and it changes nothing on the page. Extension point for multi-factor: a
 * second field (or a tab) for an authenticator code, sent as `code` to the same action.
 */
export function ReauthenticationDialog({ open, onDone, action }: { open: boolean; onDone: (proved: boolean) => void; action: TReauthenticateAction }) {
  const t = useTranslations('account.reauthenticate');
  const [password, setPassword] = useState('');
  const [failure, setFailure] = useState<TFailure | null>(null);
  const [pending, setPending] = useState(false);

  function finish(proved: boolean) {
    setPassword('');
    setFailure(null);
    onDone(proved);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (password === '' || pending) return;
    setPending(true);
    setFailure(null);
    try {
      const result = await action({ password });
      if (result.ok && result.data.outcome === 'accepted') return finish(true);
      setFailure(result.ok && result.data.outcome !== 'accepted' ? result.data.outcome : 'failed');
    } catch {
      setFailure('failed');
    } finally {
      setPending(false);
    }
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next && !pending) finish(false);
      }}
    >
      <DialogContent>
        <form onSubmit={onSubmit} noValidate>
          <DialogHeader title={t('title')} description={t('description')} />
          <DialogBody>
            <FormField id="reauthenticate-password" label={t('password')}>
              <Input
                id="reauthenticate-password"
                type="password"
                autoComplete="current-password"
                autoFocus
                value={password}
                onChange={(event) => setPassword(event.target.value)}
                aria-invalid={failure === 'wrong-password' ? true : undefined}
              />
            </FormField>
            {failure ? <Alert>{t(`errors.${failure}`)}</Alert> : null}
          </DialogBody>
          <DialogFooter>
            <Button variant="secondary" disabled={pending} onClick={() => finish(false)}>
              {t('cancel')}
            </Button>
            <Button type="submit" variant="primary" loading={pending} disabled={password === ''}>
              {t('submit')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
