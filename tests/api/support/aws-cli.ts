import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** Debian's AWS CLI v2. A pyenv shim named `aws` (CLI v1) may come first on PATH; it is never used. */
export const AWS_CLI = '/usr/bin/aws';

export interface CliShell {
  /** The folder commands run in: the walk-through's files land here. */
  dir: string;
  /** Runs one bash command line (pipes allowed); returns stdout, throws with stderr on a non-zero exit. */
  run(commandLine: string): string;
  /** Same, but returns the exit status and stderr instead of throwing. */
  attempt(commandLine: string): { status: number | null; stdout: string; stderr: string };
  dispose(): void;
}

/**
 * A shell in which `aws` is /usr/bin/aws with the given credentials and nothing else: empty config and
 * credentials files, no pager, no instance metadata lookups. `$ENDPOINT` holds Keyfort's endpoint URL.
 */
export function awsCliShell(options: { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string }): CliShell {
  if (!existsSync(AWS_CLI)) throw new Error(`${AWS_CLI} is missing: install Debian's awscli (apt-get install awscli)`);
  const dir = mkdtempSync(path.join(tmpdir(), 'keyfort-api-cli-'));
  const configFile = path.join(dir, '.aws-config');
  const credentialsFile = path.join(dir, '.aws-credentials');
  writeFileSync(configFile, '');
  writeFileSync(credentialsFile, '');
  const env: Record<string, string> = {
    // /usr/bin first: `aws`, `openssl` and `base64` are the system's, whatever the developer's PATH holds.
    PATH: '/usr/bin:/bin',
    HOME: dir,
    LANG: 'C.UTF-8',
    ENDPOINT: options.endpoint,
    AWS_ACCESS_KEY_ID: options.accessKeyId,
    AWS_SECRET_ACCESS_KEY: options.secretAccessKey,
    AWS_DEFAULT_REGION: options.region,
    AWS_CONFIG_FILE: configFile,
    AWS_SHARED_CREDENTIALS_FILE: credentialsFile,
    AWS_PAGER: '',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_MAX_ATTEMPTS: '1',
  };
  const attempt = (commandLine: string) => {
    const result = spawnSync('/bin/bash', ['-o', 'pipefail', '-c', commandLine], { cwd: dir, env: env as NodeJS.ProcessEnv, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  return {
    dir,
    attempt,
    run(commandLine) {
      const result = attempt(commandLine);
      if (result.status !== 0) throw new Error(`exit ${result.status}: ${commandLine}\n${result.stderr}`);
      return result.stdout;
    },
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
