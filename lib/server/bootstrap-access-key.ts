import type { KmsContext } from '@/lib/kms';
import { ensureBootstrapAccessKey } from '@/lib/kms';
import { ZAccessKeyId, ZSecretAccessKey } from '@/lib/kms';
import { componentLogger } from './logger';

const ID_VARIABLE = 'KEYFORT_BOOTSTRAP_ACCESS_KEY_ID';
const SECRET_VARIABLE = 'KEYFORT_BOOTSTRAP_SECRET_ACCESS_KEY';

export interface TBootstrapAccessKeySettings {
  accessKeyId: string;
  secretAccessKey: string;
  ownerName: string;
}

/**
 * Reads the bootstrap access key from the environment and removes the secret from it, so nothing that
 * reads or inherits the environment later sees it. Both variables or neither; a malformed value stops
 * start-up (a silently ignored typo would leave automation without credentials). Messages never hold values.
 */
export function takeBootstrapAccessKeySettings(env: Record<string, string | undefined>): TBootstrapAccessKeySettings | null {
  const accessKeyId = env[ID_VARIABLE]?.trim() ? env[ID_VARIABLE] : undefined;
  const secretAccessKey = env[SECRET_VARIABLE]?.trim() ? env[SECRET_VARIABLE] : undefined;
  delete env[SECRET_VARIABLE];
  if (accessKeyId === undefined && secretAccessKey === undefined) return null;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new Error(`Set both ${ID_VARIABLE} and ${SECRET_VARIABLE}, or neither.`);
  }
  if (!ZAccessKeyId.safeParse(accessKeyId).success) {
    throw new Error(`${ID_VARIABLE} must be 16 to 128 characters of A-Z and 0-9.`);
  }
  if (!ZSecretAccessKey.safeParse(secretAccessKey).success) {
    throw new Error(`${SECRET_VARIABLE} must be 16 to 128 printable ASCII characters without spaces.`);
  }
  // The access key acts for the administrator set up from the environment, if any.
  const ownerName = env.KEYFORT_ADMIN_EMAIL?.trim() || 'bootstrap';
  return { accessKeyId, secretAccessKey, ownerName };
}

/** Creates the bootstrap access key if absent and says what happened (never the secret). */
export async function applyBootstrapAccessKey(options: {
  ctx: KmsContext;
  settings: TBootstrapAccessKeySettings;
  log?: Pick<Console, 'log' | 'warn'>;
}): Promise<void> {
  const startup = componentLogger('startup');
  const { settings, log = { log: (line: string) => startup.info(line), warn: (line: string) => startup.warn(line) } } = options;
  const result = await ensureBootstrapAccessKey(options.ctx, settings);
  const id = settings.accessKeyId;
  if (result === 'created') log.log(`access key ${id} created from ${ID_VARIABLE}`);
  if (result === 'exists-different-secret') {
    log.warn(
      `warning: access key ${id} already exists with another secret; ${SECRET_VARIABLE} is ignored. ` +
        'Use the existing secret, or revoke the key in the console and choose a new ID.',
    );
  }
  if (result === 'exists-revoked') {
    log.warn(`warning: access key ${id} was revoked and is not recreated; choose a new ${ID_VARIABLE}.`);
  }
}
