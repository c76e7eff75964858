import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fchmodSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AES_256_KEY_BYTES } from './primitives';

/**
 * Where the root key came from. `file` (KEYFORT_ROOT_KEY_FILE) is preferred over `env` (KEYFORT_ROOT_KEY).
 * `generated` and `data-dir` both mean the key sits next to the data it protects: evaluation only.
 */
export type RootKeySource = 'file' | 'env' | 'generated' | 'data-dir';

export interface LoadedRootKey {
  key: Buffer;
  source: RootKeySource;
  /** The file read or created; null for the environment variable. */
  path: string | null;
  /** True only when this call created the key file. */
  generated: boolean;
  /** The caller must print a loud "EVALUATION ONLY" warning (see evaluationOnlyWarning). */
  evaluationOnly: boolean;
  /** Operator-facing notes (permissions, ignored variables). Never contain key bytes. */
  warnings: string[];
}

export const GENERATED_ROOT_KEY_FILE = 'root.key';

export class RootKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootKeyError';
  }
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const BASE64_OR_SPACE = /[A-Za-z0-9+/=\s]/;

/**
 * Accepts base64 text (surrounding whitespace ignored) that decodes to 32 bytes, or exactly 32 raw bytes.
 * Content made only of base64 characters is always read as text: 32 random bytes are that by chance with
 * probability 2^-64, while 32 characters of base64 (a 24-byte key) or a typed password are common mistakes.
 */
function parseRootKey(bytes: Buffer, where: string): Buffer {
  // Decided on the bytes, so a raw key is never copied into an immutable (unzeroable) string.
  const looksLikeText = bytes.every((b) => BASE64_OR_SPACE.test(String.fromCharCode(b)));
  if (!looksLikeText && bytes.length === AES_256_KEY_BYTES) return Buffer.from(bytes);
  const text = looksLikeText ? bytes.toString('latin1').trim() : '';
  const decoded = BASE64.test(text) ? Buffer.from(text, 'base64') : null;
  if (decoded?.length === AES_256_KEY_BYTES) return decoded;
  decoded?.fill(0);
  const found = decoded ? `base64 text decoding to ${decoded.length} bytes` : `${bytes.length} bytes that are not base64 text`;
  throw new RootKeyError(
    `${where} must hold a ${AES_256_KEY_BYTES}-byte root key, as raw bytes or base64 text; it holds ${found}. ` +
      'Create one with: head -c 32 /dev/urandom > root.key && chmod 600 root.key',
  );
}

function readKeyFile(path: string, where: string, warnings: string[]): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new RootKeyError(`${where} (${path}) cannot be read: ${code}`);
  }
  try {
    return parseRootKey(content, `${where} (${path})`);
  } finally {
    content.fill(0);
    if ((statSync(path).mode & 0o077) !== 0) warnings.push(`${path} is readable by other users; chmod 600 it.`);
  }
}

/**
 * Writes a complete file under a private name, then hard-links it into place: link() fails when the name
 * exists, so of several processes exactly one wins and nobody can ever read a half-written file.
 * Returns false (and leaves the existing file alone) when the name was taken.
 */
export function createFileExclusively(options: { path: string; content: Uint8Array; mode: number }): boolean {
  const temp = join(dirname(options.path), `.${basename(options.path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const fd = openSync(temp, 'wx', options.mode);
    try {
      fchmodSync(fd, options.mode); // the umask cannot widen it, but make the intent explicit
      writeSync(fd, options.content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    linkSync(temp, options.path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
  const dir = openSync(dirname(options.path), 'r');
  try {
    fsyncSync(dir); // the new name must survive a power cut, or the next start would generate another key
  } finally {
    closeSync(dir);
  }
  return true;
}

function readOrGenerate(dataDir: string, warnings: string[]): { key: Buffer; path: string; generated: boolean } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, GENERATED_ROOT_KEY_FILE);
  const where = 'The generated root key file';
  if (existsSync(path)) return { key: readKeyFile(path, where, warnings), path, generated: false };
  const key = randomBytes(AES_256_KEY_BYTES);
  if (createFileExclusively({ path, content: key, mode: 0o600 })) return { key, path, generated: true };
  // Another process created it between our check and our link: use theirs.
  key.fill(0);
  return { key: readKeyFile(path, where, warnings), path, generated: false };
}

/**
 * `rootKeyValue` is KEYFORT_ROOT_KEY's value when the caller took it out of the environment (or was handed
 * it by its parent process) so that no child inherits it; it is then checked exactly as the variable is.
 */
export function loadRootKey(options: { env: Record<string, string | undefined>; dataDir: string; rootKeyValue?: string }): LoadedRootKey {
  const warnings: string[] = [];
  const file = options.env.KEYFORT_ROOT_KEY_FILE?.trim();
  const inline = (options.rootKeyValue ?? options.env.KEYFORT_ROOT_KEY)?.trim();
  if (file) {
    if (inline) warnings.push('KEYFORT_ROOT_KEY is ignored because KEYFORT_ROOT_KEY_FILE is set.');
    const key = readKeyFile(file, 'KEYFORT_ROOT_KEY_FILE', warnings);
    return { key, source: 'file', path: file, generated: false, evaluationOnly: false, warnings };
  }
  if (inline) {
    // Base64 only: unlike a file, an environment variable cannot carry raw bytes reliably.
    const key = BASE64.test(inline) ? Buffer.from(inline, 'base64') : null;
    if (key?.length !== AES_256_KEY_BYTES) {
      key?.fill(0);
      const found = key ? `decodes to ${key.length} bytes` : 'is not base64 text';
      throw new RootKeyError(`KEYFORT_ROOT_KEY must be base64 text encoding ${AES_256_KEY_BYTES} bytes; it ${found}.`);
    }
    return { key, source: 'env', path: null, generated: false, evaluationOnly: false, warnings };
  }
  const { key, path, generated } = readOrGenerate(options.dataDir, warnings);
  return { key, source: generated ? 'generated' : 'data-dir', path, generated, evaluationOnly: true, warnings };
}

/** The banner the server prints at every start on a data-folder key. Names the file, never its content. */
export function evaluationOnlyWarning(loaded: Pick<LoadedRootKey, 'path' | 'generated'>): string {
  const line = '!'.repeat(78);
  const what = loaded.generated ? 'generated a new root key' : 'is using the generated root key';
  return [
    line,
    `!!  EVALUATION ONLY: Keyfort ${what} at ${loaded.path}`,
    '!!  It sits next to the database it protects. For production, set KEYFORT_ROOT_KEY_FILE',
    '!!  (or KEYFORT_ROOT_KEY) to a key kept elsewhere. Losing this key loses every key in Keyfort.',
    line,
  ].join('\n');
}
