import { useTranslations } from 'next-intl';
import type { HTMLAttributes, ReactNode } from 'react';
import { cn } from './cn';

/** The white, thin-bordered box every console section sits in. */
export function Panel({ className, ...props }: HTMLAttributes<HTMLElement>) {
  return <section className={cn('rounded-md border border-gray-200 bg-white shadow-xs', className)} {...props} />;
}

export function PanelHeader({ title, actions, headingId }: { title: ReactNode; actions?: ReactNode; headingId?: string }) {
  return (
    <div className="flex min-h-11 flex-wrap items-center justify-between gap-2 border-b border-gray-200 px-4 py-2">
      <h2 id={headingId} className="text-sm font-semibold text-gray-900">
        {title}
      </h2>
      {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
    </div>
  );
}

export function PageHeader({ title, description, actions, breadcrumb }: { title: ReactNode; description?: ReactNode; actions?: ReactNode; breadcrumb?: ReactNode }) {
  const t = useTranslations('common');
  return (
    <div className="mb-4">
      {breadcrumb ? (
        <nav aria-label={t('breadcrumb')} className="mb-1.5 text-[13px] text-gray-600">
          {breadcrumb}
        </nav>
      ) : null}
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <h1 className="text-lg font-semibold break-words text-gray-900">{title}</h1>
          {description ? <p className="mt-0.5 text-[13px] text-gray-600">{description}</p> : null}
        </div>
        {actions ? <div className="flex flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
    </div>
  );
}
