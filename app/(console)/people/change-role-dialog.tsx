'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogClose, DialogContent, DialogFooter, DialogHeader, DialogTrigger } from '@/components/ui/dialog';
import { describedBy, FormField } from '@/components/ui/form-field';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { ROLES, type Role } from '@/lib/kms/types';
import { changeRoleAction } from './actions';

/**
 * Changes a person's role. A sensitive action: a stale session gets REAUTHENTICATION_REQUIRED, shown as
 * the error (the re-authentication dialog is wired in by the session work). The last administrator and
 * one's own role are refused by the domain, with their own words.
 */
export function ChangeRoleDialog({ userId, email, role }: { userId: string; email: string; role: Role | null }) {
  const t = useTranslations('people.changeRole');
  const tRole = useTranslations('common.role');
  const tRoleHint = useTranslations('people.roleHint');
  const tToast = useTranslations('people.toast');
  const { forCode } = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(changeRoleAction);
  const [open, setOpen] = useState(false);
  const [next, setNext] = useState<Role>(role ?? 'AUDITOR');
  const [error, setError] = useState<string | null>(null);

  function onOpenChange(value: boolean) {
    if (pending) return;
    setOpen(value);
    setNext(role ?? 'AUDITOR');
    setError(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    const result = await run({ userId, role: next });
    if (result.ok) {
      setOpen(false);
      toast({ title: tToast('roleChanged'), description: `${email}: ${tRole(next)}` });
    } else {
      setError(forCode(result.code));
    }
  }

  const id = `role-${userId}`;
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={t('openLabel', { email })}>
          {t('open')}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-md">
        <form onSubmit={onSubmit} noValidate>
          <DialogHeader title={t('title', { email })} description={t('hint')} />
          <DialogBody>
            <FormField id={id} label={t('role')} hint={tRoleHint(next)} required>
              <Select id={id} value={next} onChange={(event) => setNext(event.target.value as Role)} aria-describedby={describedBy(id, { hint: true })} className="w-56">
                {ROLES.map((value) => (
                  <option key={value} value={value}>
                    {tRole(value)}
                  </option>
                ))}
              </Select>
            </FormField>
            {error ? <Alert>{error}</Alert> : null}
          </DialogBody>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="secondary" disabled={pending}>
                {t('cancel')}
              </Button>
            </DialogClose>
            <Button type="submit" variant="primary" loading={pending} disabled={next === role}>
              {t('submit')}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
