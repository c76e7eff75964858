import { useTranslations } from 'next-intl';
import type { AuditEvent } from '@/lib/kms/types';

/** The version an audit record's details name (imports, deletions and rotations record `materialVersion`). */
export function auditMaterialVersion(event: Pick<AuditEvent, 'details'>): number | null {
  const version = event.details?.materialVersion;
  return typeof version === 'number' && Number.isInteger(version) && version > 0 ? version : null;
}

/** A readable name for a recorded action; a name Keyfort no longer labels (older records) shows as stored. */
export function useAuditActionLabel(): (action: string) => string {
  const t = useTranslations('audit-actions');
  return (action) => (t.has(`labels.${action}`) ? t(`labels.${action}`) : action);
}

/**
 * An audit record's action as people read it, with its stable name (what filters and exports use) under
 * it, and the material version it concerned where there is one.
 */
export function AuditActionName({ event }: { event: Pick<AuditEvent, 'action' | 'details'> }) {
  const t = useTranslations('audit-actions');
  const label = useAuditActionLabel();
  const version = auditMaterialVersion(event);
  return (
    <>
      <span className="block text-[13px] text-gray-900">{label(event.action)}</span>
      <span className="block font-mono text-xs text-gray-500" data-testid="audit-action-name">
        {event.action}
      </span>
      {version !== null ? (
        <span className="block text-xs text-gray-700" data-testid="audit-material-version">
          {t('version', { sequence: version })}
        </span>
      ) : null}
    </>
  );
}
