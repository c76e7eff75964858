'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogContent, DialogFooter, DialogHeader } from '@/components/ui/dialog';
import { FormField } from '@/components/ui/form-field';
import { Input } from '@/components/ui/input';
import type { ActionResult } from '@/lib/server/action';

/** The server action that checks the proof (app/(console)/account/actions.ts), passed in by the layout. */
export type TReauthenticateAction = (
  input: { password: string } | { code: string },
) => Promise<ActionResult<{ outcome: 'accepted' | 'wrong-password' | 'rate-limited' }>>;

type TMethod = 'password' | 'code';

// Each proof's field; `key` on the input gives each its own element, so the browser fills neither into the other.
const PASSWORD_FIELD = { id: 'reauthenticate-password', type: 'password', inputMode: undefined, autoComplete: 'current-password', wrong: 'wrong-password' } as const;
const CODE_FIELD = { id: 'reauthenticate-code', type: 'text', inputMode: 'numeric', autoComplete: 'one-time-code', wrong: 'wrong-code' } as const;
type TFailure = 'wrong-password' | 'wrong-code' | 'rate-limited' | 'failed';

/**
 * Asks for the password in place, or an authenticator code when the person has multi-factor sign-in on
 * (`offerCode`). Its own action, not useAction: a re-authentication must never itself trigger a
 * re-authentication, and it changes nothing on the page.
 */
export function ReauthenticationDialog({
  open,
  onDone,
  action,
  offerCode,
}: {
  open: boolean;
  onDone: (proved: boolean) => void;
  action: TReauthenticateAction;
  offerCode: boolean;
}) {
  const t = useTranslations('account.reauthenticate');
  const [method, setMethod] = useState<TMethod>('password');
  const [value, setValue] = useState('');
  const [failure, setFailure] = useState<TFailure | null>(null);
  const [pending, setPending] = useState(false);
  const byCode = offerCode && method === 'code';
  const field = byCode ? CODE_FIELD : PASSWORD_FIELD;

  function finish(proved: boolean) {
    setValue('');
    setFailure(null);
    setMethod('password');
    onDone(proved);
  }

  function switchMethod() {
    setMethod(byCode ? 'password' : 'code');
    setValue('');
    setFailure(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (value === '' || pending) return;
    setPending(true);
    setFailure(null);
    try {
      const result = await action(byCode ? { code: value } : { password: value });
      if (!result.ok) {
        // A code that is not 6 digits never reaches the check: as wrong as a wrong one.
        setFailure(result.code === 'VALIDATION' && byCode ? 'wrong-code' : 'failed');
      } else if (result.data.outcome === 'accepted') {
        return finish(true);
      } else {
        setFailure(result.data.outcome === 'wrong-password' && byCode ? 'wrong-code' : result.data.outcome);
      }
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
          <DialogHeader title={t('title')} description={t(offerCode ? 'descriptionWithCode' : 'description')} />
          <DialogBody>
            <FormField id={field.id} label={t(byCode ? 'code' : 'password')}>
              <Input
                key={field.id}
                id={field.id}
                type={field.type}
                inputMode={field.inputMode}
                autoComplete={field.autoComplete}
                autoFocus
                value={value}
                onChange={(event) => setValue(event.target.value)}
                aria-invalid={failure === field.wrong ? true : undefined}
              />
            </FormField>
            {offerCode ? (
              <button type="button" className="text-[13px] text-brand-700 underline hover:text-brand-800" onClick={switchMethod} disabled={pending}>
                {byCode ? t('usePassword') : t('useCode')}
              </button>
            ) : null}
            {failure ? <Alert>{t(`errors.${failure}`)}</Alert> : null}
          </DialogBody>
          <DialogFooter>
            <Button variant="secondary" disabled={pending} onClick={() => finish(false)}>
              {t('cancel')}
            </Button>
            <Button type="submit" variant="primary" loading={pending} disabled={value === ''}>
              {t('submit')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
