import { useFormatter, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { DATE_TIME, DATE_TIME_SECONDS } from '@/components/format';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { CopyButton } from '@/components/ui/copy-button';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@/components/ui/table';
import type { KeyOrigin, MaterialVersionView } from '@/lib/kms';
import { MaterialExpiry } from './material-expiry';

const STATE_TONE: Record<MaterialVersionView['state'], BadgeTone> = { CURRENT: 'green', NON_CURRENT: 'gray', PENDING_ROTATION: 'blue' };
const none = (text: string) => <span className="text-gray-500">{text}</span>;

/** When and how the version's material went, or when it expires, or that it never does (imported keys). */
function ExpiryCell({ version }: { version: MaterialVersionView }) {
  const t = useTranslations('versions');
  const format = useFormatter();
  if (version.removal) {
    return (
      <time dateTime={version.removal.at.toISOString()} className="text-red-800" data-testid="version-removal">
        {t(`removal.${version.removal.cause}`, { date: `${format.dateTime(version.removal.at, DATE_TIME_SECONDS)} UTC` })}
      </time>
    );
  }
  return version.expiresAt ? <MaterialExpiry expiresAt={version.expiresAt} /> : <>{t('never')}</>;
}

/**
 * A key's material versions (SPEC §11), one row each, oldest first: which version, its state (and for
 * imported keys whether its material is there and until when), its key check value to compare with a file's,
 * its whole material ID, and when and how it became CURRENT. The first column stays in view on a phone
 * while the rest scrolls (ui/table). `actions` adds a row's controls (imported keys: re-import, delete).
 */
export function MaterialVersionsTable({
  versions,
  origin,
  actions,
}: {
  versions: readonly MaterialVersionView[];
  origin: KeyOrigin;
  actions?: (version: MaterialVersionView) => ReactNode;
}) {
  const t = useTranslations('versions');
  const format = useFormatter();
  const imported = origin === 'EXTERNAL';
  return (
    <Table aria-label={t('tableLabel')}>
      <TableHead>
        <tr>
          <TableHeader>{t('columns.version')}</TableHeader>
          <TableHeader>{t('columns.state')}</TableHeader>
          {imported ? <TableHeader>{t('columns.importState')}</TableHeader> : null}
          <TableHeader>{t('columns.kcv')}</TableHeader>
          <TableHeader>{t('columns.materialId')}</TableHeader>
          {imported ? <TableHeader>{t('columns.description')}</TableHeader> : null}
          {imported ? <TableHeader>{t('columns.importedAt')}</TableHeader> : null}
          {imported ? <TableHeader>{t('columns.expiresAt')}</TableHeader> : null}
          <TableHeader>{t('columns.rotation')}</TableHeader>
          {actions ? <TableHeader>{t('columns.actions')}</TableHeader> : null}
        </tr>
      </TableHead>
      <TableBody>
        {versions.map((version) => (
          <TableRow key={version.materialId} data-testid={`version-${version.sequence}`} data-state={version.state}>
            <TableCell className="font-medium whitespace-nowrap">{t('version', { sequence: version.sequence })}</TableCell>
            <TableCell>
              <Badge tone={STATE_TONE[version.state]} data-testid="version-state">
                {t(`state.${version.state}`)}
              </Badge>
            </TableCell>
            {imported ? (
              <TableCell className="whitespace-nowrap" data-testid="version-import-state">
                {version.importState ? t(`importState.${version.importState}`) : none('—')}
              </TableCell>
            ) : null}
            <TableCell className="font-mono text-xs whitespace-nowrap" data-testid="version-kcv">
              {version.kcv ?? <span className="font-sans whitespace-normal text-gray-500">{t('noKcv')}</span>}
            </TableCell>
            <TableCell className="min-w-56">
              <span className="flex items-start gap-1">
                <span className="font-mono text-xs break-all" data-testid="version-material-id">
                  {version.materialId}
                </span>
                <CopyButton value={version.materialId} label={t('copyMaterialId', { sequence: version.sequence })} />
              </span>
            </TableCell>
            {imported ? (
              <TableCell className="max-w-64 [overflow-wrap:anywhere]" data-testid="version-description">
                {version.description || none(t('none'))}
              </TableCell>
            ) : null}
            {imported ? (
              <TableCell className="whitespace-nowrap">
                {version.importedAt ? <time dateTime={version.importedAt.toISOString()}>{format.dateTime(version.importedAt, DATE_TIME)}</time> : none('—')}
              </TableCell>
            ) : null}
            {imported ? (
              <TableCell className="min-w-48" data-testid="version-expiry">
                <ExpiryCell version={version} />
              </TableCell>
            ) : null}
            <TableCell className="whitespace-nowrap" data-testid="version-rotation">
              {version.rotationDate && version.rotationType ? (
                <time dateTime={version.rotationDate.toISOString()}>
                  {t('rotatedOn', { date: format.dateTime(version.rotationDate, DATE_TIME), type: t(`rotationType.${version.rotationType}`) })}
                </time>
              ) : (
                none('—')
              )}
            </TableCell>
            {actions ? (
              <TableCell className="whitespace-nowrap">
                <div className="flex flex-wrap gap-1.5">{actions(version)}</div>
              </TableCell>
            ) : null}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
