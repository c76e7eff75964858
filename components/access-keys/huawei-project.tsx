import { useTranslations } from 'next-intl';
import { CopyButton } from '@/components/ui/copy-button';
import { Panel, PanelHeader } from '@/components/ui/panel';

/**
 * The project ID Huawei Cloud SDKs need (BasicCredentials' projectId, the {project_id} of every KMS URL):
 * the same access keys sign Huawei requests, so this is the one value people cannot find elsewhere.
 */
export function HuaweiProject({ projectId }: { projectId: string }) {
  const t = useTranslations('access-keys');
  return (
    <Panel aria-labelledby="huawei-project-heading" className="mt-4">
      <PanelHeader title={t('huawei.title')} headingId="huawei-project-heading" />
      <div className="space-y-2 px-4 py-3">
        <p className="text-[13px] text-gray-600">{t('huawei.body')}</p>
        <p className="text-[13px] font-medium text-gray-800">{t('huawei.projectId')}</p>
        <div className="flex max-w-md items-center gap-1 rounded border border-gray-200 bg-gray-50 px-2.5 py-1.5">
          <code className="min-w-0 flex-1 font-mono text-xs break-all text-gray-900" data-testid="huawei-project-id">
            {projectId}
          </code>
          <CopyButton value={projectId} label={t('huawei.copyProjectId')} />
        </div>
      </div>
    </Panel>
  );
}
