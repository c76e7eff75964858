import type { Page } from './test';
import { AKSKSigner } from '@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner.js';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import { createAccessKeyInConsole } from './console-access-key';

export interface THuaweiCaller {
  /** POSTs `payload` to `/v1.0/{project}/kms/<operation>` on the console port, signed as Huawei's SDK core signs. */
  call(operation: string, payload: object): Promise<{ status: number; body: Record<string, unknown> }>;
}

/**
 * A Huawei KMS caller for the console's port: a Key user access key made in the console (in a tab of its
 * own) and the project ID the Access keys page shows, which is what a Huawei Cloud user copies from there.
 */
export async function huaweiCaller(page: Page): Promise<THuaweiCaller> {
  let projectId = '';
  const { accessKeyId, secretAccessKey, origin } = await createAccessKeyInConsole(page, {
    role: 'Key user',
    descriptionPrefix: 'e2e-huawei',
    beforeCreate: async (tab) => {
      projectId = ((await tab.getByTestId('huawei-project-id').textContent()) ?? '').trim();
    },
  });
  const credential = new BasicCredentials().withAk(accessKeyId).withSk(secretAccessKey).withProjectId(projectId);
  return {
    async call(operation, payload) {
      const url = `${origin}/v1.0/${projectId}/kms/${operation}`;
      const headers = AKSKSigner.sign(
        { method: 'POST', endpoint: url, headers: { 'X-Project-Id': projectId, 'content-type': 'application/json', host: new URL(origin).host }, data: payload, queryParams: {} } as unknown as Parameters<typeof AKSKSigner.sign>[0],
        credential,
      ) as Record<string, string>;
      // fetch sets Host itself (the same value that was signed).
      const sent = Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'host'));
      const response = await fetch(url, { method: 'POST', headers: sent, body: JSON.stringify(payload) });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    },
  };
}
