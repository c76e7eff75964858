import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations } from 'next-intl/server';
import { DATE_TIME } from '@/components/format';
import { KeyAliasesPanel } from '@/components/keys/key-aliases-panel';
import { KeyDetails } from '@/components/keys/key-details';
import { KeyStateBadge } from '@/components/keys/key-state-badge';
import { Alert } from '@/components/ui/alert';
import { PageHeader } from '@/components/ui/panel';
import { requirePagePrincipal } from '@/lib/auth/session';
import { permittedActions, permittedVersionActions } from '@/lib/kms';
import { getKey, getKeyRotation, getKeyVersions } from '@/lib/queries/keys';
import { keyPagePermissions } from '@/lib/server/console-permissions';
import { AddAliasDialog } from './add-alias-dialog';
import { EditDescriptionDialog } from './edit-description-dialog';
import { KeyCryptoTool } from './key-crypto-tool';
import { KeyMaterialArea } from './key-material-area';
import { KeyLifecycleActions } from './key-lifecycle-actions';
import { RemoveAliasButton } from './remove-alias-button';

type Props = { params: Promise<{ keyId: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { keyId } = await params;
  const key = await getKey(keyId);
  const t = await getTranslations('keys');
  return { title: key ? (key.aliases[0] ?? key.id) : t('notFound.title') };
}

export default async function KeyDetailPage({ params }: Props) {
  const { keyId } = await params;
  const [key, principal] = await Promise.all([getKey(keyId), requirePagePrincipal()]);
  if (!key) notFound();
  const [t, format, versions, rotation] = await Promise.all([
    getTranslations('keys'),
    getFormatter(),
    getKeyVersions(key.id),
    // Automatic rotation is generated keys' only (SPEC §11).
    key.origin === 'KMS' ? getKeyRotation(key.id) : null,
  ]);
  // Only what the role may do is offered (no dead buttons); the domain refuses the rest anyway, audited.
  const may = keyPagePermissions(principal);
  // What the key's origin, state, material and versions allow, as the domain decides it: the page only renders it.
  const allowed = permittedActions(key, versions);
  const versionAllowed = Object.fromEntries(versions.map((version) => [version.materialId, permittedVersionActions(key, version)]));

  return (
    <>
      <PageHeader
        breadcrumb={
          <Link href="/keys" className="text-brand-600 hover:underline">
            {t('title')}
          </Link>
        }
        title={
          <span className="flex flex-wrap items-center gap-2">
            {/* An alias breaks only where it must (a word too long for the line); an ID is one long token. */}
            <span className={key.aliases[0] ? 'min-w-0 [overflow-wrap:anywhere]' : 'min-w-0 break-all'} data-testid="key-title">
              {key.aliases[0] ?? key.id}
            </span>
            <KeyStateBadge state={key.state} />
          </span>
        }
        description={key.aliases[0] ? <span className="font-mono text-xs break-all">{key.id}</span> : undefined}
        actions={<KeyLifecycleActions keyId={key.id} allowed={allowed} permissions={may} />}
      />
      <div className="space-y-4">
        {key.state === 'PENDING_DELETION' && key.deletionDate ? (
          <Alert tone="warning" title={t('detail.pendingDeletion.title')}>
            {t('detail.pendingDeletion.body', { date: `${format.dateTime(key.deletionDate, DATE_TIME)} UTC` })}
          </Alert>
        ) : null}
        <KeyDetails
          keyView={key}
          descriptionAction={
            may.updateDescription && allowed.updateDescription.allowed ? (
              <EditDescriptionDialog keyId={key.id} description={key.description} />
            ) : undefined
          }
        />
        <KeyAliasesPanel
          aliases={key.aliases}
          addAction={may.createAlias && allowed.createAlias.allowed ? <AddAliasDialog keyId={key.id} /> : undefined}
          removeAction={may.deleteAlias && allowed.deleteAlias.allowed ? (alias) => <RemoveAliasButton alias={alias} /> : undefined}
        />
        <KeyMaterialArea keyView={key} versions={versions} rotation={rotation} allowed={allowed} versionAllowed={versionAllowed} permissions={may} />
        {may.useKey ? <KeyCryptoTool keyView={key} /> : null}
      </div>
    </>
  );
}
