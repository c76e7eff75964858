'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { PasswordLink } from '@/components/people/password-link';
import { useAction } from '@/components/hooks/use-action';
import { useErrorText } from '@/components/hooks/use-error-text';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Dialog, DialogBody, DialogClose, DialogContent, DialogFooter, DialogHeader, DialogTrigger } from '@/components/ui/dialog';
import { useToast } from '@/components/ui/toast';
import { issuePasswordLinkAction } from './actions';

/** Issues a new one-time set-password link (the earlier one stops working) and shows it once. */
export function ReissueLinkDialog({ userId, email }: { userId: string; email: string }) {
  const t = useTranslations('people.reissue');
  const tToast = useTranslations('people.toast');
  const { forCode } = useErrorText();
  const toast = useToast();
  const { run, pending } = useAction(issuePasswordLinkAction, { refresh: false });
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [link, setLink] = useState<{ token: string; expiresAt: string } | null>(null);

  function onOpenChange(next: boolean) {
    if (pending) return;
    setOpen(next);
    setLink(null);
    setError(null);
  }

  async function onConfirm() {
    setError(null);
    const result = await run({ userId });
    if (result.ok) {
      setLink(result.data);
      toast({ title: tToast('linkIssued'), description: email });
    } else {
      setError(forCode(result.code));
    }
  }

  const keepOpen = (event: Event) => {
    if (link) event.preventDefault();
  };
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogTrigger asChild>
        <Button variant="ghost" size="sm" aria-label={t('openLabel', { email })}>
          {t('open')}
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl" onInteractOutside={keepOpen} onEscapeKeyDown={keepOpen}>
        {link ? (
          <>
            <DialogHeader title={t('issuedTitle', { email })} />
            <DialogBody>
              <PasswordLink email={email} token={link.token} expiresAt={link.expiresAt} />
            </DialogBody>
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="primary">{t('done')}</Button>
              </DialogClose>
            </DialogFooter>
          </>
        ) : (
          <>
            <DialogHeader title={t('title', { email })} description={t('consequence', { email })} />
            {error ? (
              <DialogBody>
                <Alert>{error}</Alert>
              </DialogBody>
            ) : null}
            <DialogFooter>
              <DialogClose asChild>
                <Button variant="secondary" disabled={pending}>
                  {t('cancel')}
                </Button>
              </DialogClose>
              <Button variant="primary" loading={pending} onClick={onConfirm}>
                {t('confirm')}
              </Button>
            </DialogFooter>
          </>
        )}
      </DialogContent>
    </Dialog>
  );
}
