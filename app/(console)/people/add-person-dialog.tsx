'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { PasswordLink } from '@/components/people/password-link';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogClose, DialogContent, DialogFooter, DialogHeader, DialogTrigger } from '@/components/ui/dialog';
import { describedBy, FormField } from '@/components/ui/form-field';
import { PlusIcon } from '@/components/ui/icons';
import { Input } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import { ROLES, type Role } from '@/lib/kms/types';
import type { FieldErrors } from '@/lib/server/action';
import { addPersonAction } from './actions';

// The least a new person needs to use keys; an administrator chooses more on purpose.
const DEFAULT_ROLE: Role = 'KEY_USER';

type TAdded = { email: string; link: { token: string; expiresAt: string } };

/**
 * Adds a person and then shows their one-time set-password link, once. While the link is on screen the
 * dialog closes only by its button, and closing drops the link for good (a new one can be issued).
 */
export function AddPersonDialog() {
  const t = useTranslations('people.add');
  const tRole = useTranslations('common.role');
  const tRoleHint = useTranslations('people.roleHint');
  const tToast = useTranslations('people.toast');
  const errorText = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(addPersonAction);
  const [open, setOpen] = useState(false);
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(DEFAULT_ROLE);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [added, setAdded] = useState<TAdded | null>(null);

  function onOpenChange(next: boolean) {
    // While the addition runs the dialog stays; once the link is shown it closes at once, even while the page
    // behind still refreshes (`pending` covers that refresh too, and a click then must not be lost).
    if (pending && !added) return;
    setOpen(next);
    setAdded(null);
    setEmail('');
    setName('');
    setRole(DEFAULT_ROLE);
    setFieldErrors({});
    setFormError(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    const result = await run({ email, name, role });
    if (result.ok) {
      setAdded(result.data);
      toast({ title: tToast('added'), description: result.data.email });
    } else if (result.fieldErrors) {
      setFieldErrors(result.fieldErrors);
    } else {
      setFormError(errorText.forCode(result.code));
    }
  }

  const keepOpen = (event: Event) => {
    if (added) event.preventDefault();
  };
  const emailError = errorText.forField(fieldErrors, 'email');
  const nameError = errorText.forField(fieldErrors, 'name');

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="primary">
          <PlusIcon width={14} height={14} />
          {t('open')}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl" onInteractOutside={keepOpen} onEscapeKeyDown={keepOpen}>
        {added ? (
          <>
            <DialogHeader title={t('addedTitle', { email: added.email })} />
            <DialogBody>
              <PasswordLink email={added.email} token={added.link.token} expiresAt={added.link.expiresAt} />
            </DialogBody>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="primary">{t('done')}</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <form onSubmit={onSubmit} noValidate>
            <DialogHeader title={t('title')} description={t('hint')} />
            <DialogBody>
              <FormField id="person-email" label={t('email')} error={emailError} required>
                <Input
                  id="person-email"
                  type="email"
                  autoComplete="off"
                  value={email}
                  onChange={(event) => setEmail(event.target.value)}
                  maxLength={254}
                  aria-invalid={emailError ? true : undefined}
                  aria-describedby={describedBy('person-email', { error: Boolean(emailError) })}
                />
              </FormField>
              <FormField id="person-name" label={t('name')} error={nameError} required>
                <Input
                  id="person-name"
                  autoComplete="off"
                  value={name}
                  onChange={(event) => setName(event.target.value)}
                  maxLength={100}
                  aria-invalid={nameError ? true : undefined}
                  aria-describedby={describedBy('person-name', { error: Boolean(nameError) })}
                />
              </FormField>
              <FormField id="person-role" label={t('role')} hint={tRoleHint(role)} required>
                <Select
                  id="person-role"
                  value={role}
                  onChange={(event) => setRole(event.target.value as Role)}
                  aria-describedby={describedBy('person-role', { hint: true })}
                  className="w-56"
                >
                  {ROLES.map((value) => (
                    <option key={value} value={value}>
                      {tRole(value)}
                    </option>
                  ))}
                </Select>
              </FormField>
              {formError ? <Alert>{formError}</Alert> : null}
            </DialogBody>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary" disabled={pending}>
                  {t('cancel')}
                </Button>
              </DialogClose>
              <Button type="submit" variant="primary" loading={pending}>
                {t('submit')}
              </Button>
            </DialogFooter>
          </form>
        )}
      </DialogContent>
    </Dialog>
  );
}
