import { statSync } from 'node:fs';
import { join } from 'node:path';
import { runCommands, workFolder } from './support/import-material';
import { expectPageLanguage } from './support/language';
import { expect, test, type Locator, type Page } from './support/test';
import { uniquePrefix } from './support/unique';

// Bring your own key, in Chinese (issue 14): the same walk as import-material.spec.ts with the page in zh-CN
// (the browser asks for it; the administrator has saved no language), read through the glossary's terms
// (messages/GLOSSARY.md): 用户主密钥, 密钥材料, 导入令牌, 包装密钥, 等待导入, 启用, 禁用, 计划删除. The OpenSSL
// commands are run exactly as shown: translating them would break them, only their # comments may change.
test.use({ locale: 'zh-CN' });

const CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]/;

function detail(region: Locator, label: string): Locator {
  return region.locator('dt', { hasText: new RegExp(`^${label}$`) }).locator('xpath=following-sibling::dd');
}

const general = (page: Page) => page.getByRole('region', { name: '基本信息', exact: true });
const material = (page: Page) => page.getByRole('region', { name: '密钥材料', exact: true });
const wizard = (page: Page) => page.getByRole('region', { name: '导入密钥材料', exact: true });

async function saveDownload(page: Page, button: string, dir: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), wizard(page).getByRole('button', { name: button, exact: true }).click()]);
  await file.saveAs(join(dir, file.suggestedFilename()));
  return file.suggestedFilename();
}

test('an external key gets its material through the Chinese wizard: 等待导入 → downloads, openssl as shown, upload → 启用', async ({ page }) => {
  test.setTimeout(120_000);
  const work = workFolder();
  try {
    await test.step('the keys page speaks of 用户主密钥', async () => {
      await page.goto('/keys');
      await expectPageLanguage(page, 'zh-CN');
      await expect(page.getByText(/用户主密钥/).first()).toBeVisible();
    });

    const alias = uniquePrefix('byok-zh');
    await test.step('an external key is created in Chinese and waits for its 密钥材料', async () => {
      await page.goto('/keys/new');
      await page.getByRole('textbox', { name: '别名', exact: true }).fill(alias);
      await page.getByRole('radio', { name: /^外部/ }).check();
      await page.getByRole('checkbox', { name: /无法恢复导入的密钥材料/ }).check();
      await page.getByRole('button', { name: '创建密钥', exact: true }).click();
      await expect(page).toHaveURL(/\/keys\/[0-9a-f-]{36}$/);
      await expect(detail(general(page), '状态')).toHaveText('等待导入');
      await expect(detail(material(page), '状态')).toHaveText('等待导入');
    });
    const keyId = /\/keys\/([0-9a-f-]{36})$/.exec(page.url())?.[1] ?? '';

    await test.step('step 1: 包装密钥 and 导入令牌, with the token’s validity as a Chinese UTC date', async () => {
      await material(page).getByRole('button', { name: '导入密钥材料', exact: true }).click();
      await expect(wizard(page)).toBeVisible();
      await expect(wizard(page)).toContainText('包装密钥');
      await wizard(page).getByLabel('包装密钥规格').selectOption('RSA_2048');
      await wizard(page).getByRole('button', { name: '获取导入参数', exact: true }).click();
      await expect(wizard(page).getByTestId('public-key-pem')).toContainText('-----BEGIN PUBLIC KEY-----');
      await expect(wizard(page).getByTestId('import-parameters')).toContainText(/导入令牌有效期至 \d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}(:\d{2})? UTC/);
      expect(await saveDownload(page, '下载公钥（.der）', work.dir)).toBe(`wrappingKey-${keyId}.der`);
      expect(await saveDownload(page, '下载导入令牌', work.dir)).toBe(`importToken-${keyId}.bin`);
    });

    await test.step('the OpenSSL commands are the English ones: only their comments are Chinese; run as shown they work', async () => {
      const commands = (await wizard(page).getByTestId('openssl-commands').textContent()) ?? '';
      const lines = commands.split('\n').filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
      expect(lines.filter((line) => CJK.test(line)), 'command lines with Chinese in them').toEqual([]);
      expect(commands).toContain(`openssl rand -out keyMaterial-${keyId}.bin 32`);
      expect(commands).toContain(`-inkey wrappingKey-${keyId}.der -keyform DER`);
      runCommands(commands, work.dir);
      expect(statSync(join(work.dir, `wrappedKeyMaterial-${keyId}.bin`)).size).toBe(256);
    });

    await test.step('step 2: uploading the wrapped 密钥材料 with the wizard’s 导入令牌 enables the key', async () => {
      await wizard(page).getByLabel('包装后的密钥材料文件').setInputFiles(join(work.dir, `wrappedKeyMaterial-${keyId}.bin`));
      await wizard(page).getByRole('button', { name: '导入密钥材料', exact: true }).click();
      await expect(page.getByText('密钥材料已导入', { exact: true }).first()).toBeVisible();
      await expect(wizard(page)).toBeHidden();
      await expect(detail(general(page), '状态')).toHaveText('启用');
      await expect(detail(material(page), '状态')).toHaveText('已导入');
      await expect(detail(material(page), '过期时间')).toHaveText('永不过期');
      await expect(detail(material(page), '导入时间')).toHaveText(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2} UTC$/);
    });

    await test.step('an enabled key offers 禁用 and 计划删除', async () => {
      await expect(page.getByRole('button', { name: '禁用密钥', exact: true })).toBeVisible();
      await expect(page.getByRole('button', { name: '计划删除密钥', exact: true })).toBeVisible();
    });
  } finally {
    work.remove();
  }
});
