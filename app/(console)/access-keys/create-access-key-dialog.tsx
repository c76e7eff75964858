'use client';

import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import type { TApiListenerAddress } from '@/components/access-keys/aws-environment';
import { NewAccessKeyCredentials } from '@/components/access-keys/new-access-key-credentials';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogClose, DialogContent, DialogFooter, DialogHeader, DialogTrigger } from '@/components/ui/dialog';
import { describedBy, FormField } from '@/components/ui/form-field';
import { PlusIcon } from '@/components/ui/icons';
import { Textarea } from '@/components/ui/input';
import { Select } from '@/components/ui/select';
import { useToast } from '@/components/ui/toast';
import type { Role } from '@/lib/kms/types';
import type { FieldErrors } from '@/lib/server/action';
import { createAccessKeyAction } from './actions';

// The least a new key needs for the data plane, when the creator's role covers it; otherwise their own role.
const PREFERRED_ROLE: Role = 'KEY_USER';

type TCreated = { accessKeyId: string; secretAccessKey: string };

/**
 * Creates an access key and then shows its secret, once. While the secret is on screen the dialog closes
 * only by its buttons (not by a stray click outside or Escape), and closing drops the secret for good.
 */
export function CreateAccessKeyDialog({ roles, apiListener }: { roles: readonly Role[]; apiListener: TApiListenerAddress }) {
  const defaultRole: Role = roles.includes(PREFERRED_ROLE) ? PREFERRED_ROLE : (roles[0] ?? PREFERRED_ROLE);
  const t = useTranslations('access-keys.create');
  const tRole = useTranslations('common.role');
  const tRoleHint = useTranslations('access-keys.roleHint');
  const tToast = useTranslations('access-keys.toast');
  const errorText = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(createAccessKeyAction);
  const [open, setOpen] = useState(false);
  const [role, setRole] = useState<Role>(defaultRole);
  const [description, setDescription] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<TCreated | null>(null);

  const roleError = errorText.forField(fieldErrors, 'role');
  const descriptionError = errorText.forField(fieldErrors, 'description');

  function onOpenChange(next: boolean) {
    // While the creation runs the dialog stays; once the secret is shown it closes at once, even while the page
    // behind still refreshes (`pending` covers that refresh too, and a click then must not be lost).
    if (pending && !created) return;
    setOpen(next);
    // Opening starts a fresh form; closing forgets the secret (it is never fetched again).
    setCreated(null);
    setRole(defaultRole);
    setDescription('');
    setFieldErrors({});
    setFormError(null);
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFieldErrors({});
    setFormError(null);
    const result = await run({ role, description });
    if (result.ok) {
      setCreated(result.data);
      toast({ title: tToast('created'), description: result.data.accessKeyId });
    } else if (result.fieldErrors && (result.fieldErrors.role || result.fieldErrors.description)) {
      setFieldErrors(result.fieldErrors);
    } else {
      setFormError(errorText.forCode(result.code));
    }
  }

  const keepOpen = (event: Event) => {
    if (created) event.preventDefault();
  };

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="primary">
          <PlusIcon width={14} height={14} />
          {t('open')}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl" onInteractOutside={keepOpen} onEscapeKeyDown={keepOpen}>
        {created ? (
          <>
            <DialogHeader title={t('createdTitle')} description={t('createdDescription')} />
            <DialogBody>
              <NewAccessKeyCredentials accessKeyId={created.accessKeyId} secretAccessKey={created.secretAccessKey} apiListener={apiListener} />
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
              <FormField id="access-key-role" label={t('role')} hint={tRoleHint(role)} error={roleError} required>
                <Select
                  id="access-key-role"
                  value={role}
                  onChange={(event) => setRole(event.target.value as Role)}
                  aria-invalid={roleError ? true : undefined}
                  aria-describedby={describedBy('access-key-role', { hint: true, error: Boolean(roleError) })}
                  className="w-56"
                >
                  {roles.map((value) => (
                    <option key={value} value={value}>
                      {tRole(value)}
                    </option>
                  ))}
                </Select>
              </FormField>
              <FormField id="access-key-description" label={t('description')} hint={t('descriptionHint')} error={descriptionError}>
                <Textarea
                  id="access-key-description"
                  value={description}
                  onChange={(event) => setDescription(event.target.value)}
                  rows={3}
                  maxLength={255 * 2}
                  aria-invalid={descriptionError ? true : undefined}
                  aria-describedby={describedBy('access-key-description', { hint: true, error: Boolean(descriptionError) })}
                />
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
