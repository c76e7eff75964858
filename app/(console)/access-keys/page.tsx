import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { AccessKeysTable } from '@/components/access-keys/access-keys-table';
import { HuaweiProject } from '@/components/access-keys/huawei-project';
import { ForbiddenNotice } from '@/components/shell/forbidden-notice';
import { PageHeader, Panel } from '@/components/ui/panel';
import { getAccessKeys } from '@/lib/queries/access-keys';
import { apiListenerAddressFromEnv } from '@/lib/server/api-settings';
import { getHuaweiScope } from '@/lib/server/huawei-scope';
import { CreateAccessKeyDialog } from './create-access-key-dialog';
import { RevokeAccessKeyButton } from './revoke-access-key-button';

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations('access-keys');
  return { title: t('title') };
}

export default async function AccessKeysPage() {
  const [t, result] = await Promise.all([getTranslations('access-keys'), getAccessKeys()]);
  if (!result.ok) return <ForbiddenNotice />;
  const { projectId } = await getHuaweiScope();

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={<CreateAccessKeyDialog roles={result.roles} apiListener={apiListenerAddressFromEnv(process.env)} />} />
      <Panel aria-label={t('title')}>
        {result.accessKeys.length > 0 ? (
          <AccessKeysTable
            accessKeys={result.accessKeys}
            revokeAction={(accessKey) => <RevokeAccessKeyButton accessKeyId={accessKey.id} />}
          />
        ) : (
          <div className="px-4 py-10 text-center">
            <h2 className="text-sm font-semibold text-gray-900">{t('empty.title')}</h2>
            <p className="mx-auto mt-1 max-w-md text-[13px] text-gray-600">{t('empty.body')}</p>
          </div>
        )}
      </Panel>
      <HuaweiProject projectId={projectId} />
    </>
  );
}
