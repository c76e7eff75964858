/** What the api project's globalSetup hands every test file (vitest `inject('keyfort')`). */
export interface TKeyfortUnderTest {
  /** http://127.0.0.1:<port> of the dedicated API listener. */
  origin: string;
  /** The endpoint URL users configure: `${origin}/api/aws`. */
  endpoint: string;
  port: number;
  /** The administrator access key created from KEYFORT_BOOTSTRAP_ACCESS_KEY_ID / _SECRET_ACCESS_KEY. */
  accessKeyId: string;
  secretAccessKey: string;
  /** The server's data folder (SQLite) and root key: extra servers and in-process domain calls share them. */
  dataDir: string;
  rootKeyBase64: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    keyfort: TKeyfortUnderTest;
  }
}
