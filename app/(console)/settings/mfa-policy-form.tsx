'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useId, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Checkbox } from '@/components/ui/checkbox';
import { FieldError } from '@/components/ui/field-error';
import { setMfaPolicyAction } from './actions';

export function MfaPolicyForm({ required }: { required: boolean }) {
  const t = useTranslations('mfa.settings');
  const id = useId();
  const router = useRouter();
  const [checked, setChecked] = useState(required);
  const [status, setStatus] = useState<'idle' | 'saved' | 'failed'>('idle');
  const [pending, startTransition] = useTransition();
  const save = (event: React.FormEvent) => {
    event.preventDefault();
    startTransition(async () => {
      const result = await setMfaPolicyAction({ required: checked });
      setStatus(result.ok ? 'saved' : 'failed');
      if (result.ok) router.refresh();
    });
  };
  return (
    <form onSubmit={save} className="space-y-3" noValidate>
      <div className="flex items-start gap-2">
        <Checkbox
          id={id}
          checked={checked}
          onCheckedChange={(value) => {
            setChecked(value === true);
            setStatus('idle');
          }}
          aria-describedby={`${id}-hint`}
        />
        <div>
          <label htmlFor={id} className="text-sm font-medium text-gray-900">
            {t('mfaRequired')}
          </label>
          <p id={`${id}-hint`} className="text-[13px] text-gray-600">
            {t('mfaHint')}
          </p>
        </div>
      </div>
      <div className="flex items-center gap-3">
        <Button type="submit" variant="primary" loading={pending}>
          {t('save')}
        </Button>
        <span role="status" className="text-[13px] text-green-700">
          {status === 'saved' ? t('saved') : ''}
        </span>
      </div>
      <FieldError>{status === 'failed' ? t('failed') : null}</FieldError>
    </form>
  );
}
