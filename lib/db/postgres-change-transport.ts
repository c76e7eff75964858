import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The NOTIFY channel every Keyfort instance on one database listens on. */
export const CHANGE_CHANNEL = 'keyfort_changes';
const FIRST_RETRY_MS = 100;
const MAX_RETRY_MS = 5_000;

type TLine = string;

export interface TPostgresChangeTransportOptions {
  connectionString: string;
  /** Sends a NOTIFY through the application's pool: reliable whenever the change itself could commit. */
  notify: (channel: string, payload: string) => Promise<unknown>;
  log: (line: string) => void;
  /** Overridable by tests: how long to wait before reconnecting after the n-th failure in a row. */
  retryDelayMs?: (failures: number) => number;
}

/**
 * Changes between instances through PostgreSQL LISTEN/NOTIFY: one dedicated connection listens; publishes
 * go through the pool. Each payload starts with this process's random origin, so its own echo is dropped.
 * While the listening connection is down, notifications are lost: it reconnects with backoff and, once it
 * listens again, reports `gap` so the caller forgets every cached entry (the TTL bounded them meanwhile).
 */
export function createPostgresChangeTransport(options: TPostgresChangeTransportOptions) {
  const origin = randomBytes(6).toString('hex');
  const retryDelayMs = options.retryDelayMs ?? ((failures: number) => Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** failures));
  let client: pg.Client | null = null;
  let stopped = false;
  let failures = 0;
  let retry: NodeJS.Timeout | null = null;
  let receive: (line: TLine) => void = () => {};
  let gap: () => void = () => {};

  const scheduleReconnect = () => {
    if (stopped || retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect(true);
    }, retryDelayMs(failures));
    retry.unref();
    failures += 1;
  };

  async function connect(afterGap: boolean): Promise<void> {
    const connection = new pg.Client({ connectionString: options.connectionString, application_name: 'keyfort-change-listener' });
    const lost = () => {
      if (client !== connection) return;
      client = null;
      connection.end().catch(() => undefined);
      if (!stopped) options.log('the PostgreSQL listening connection was lost; reconnecting (caches fall back to their TTL meanwhile)');
      scheduleReconnect();
    };
    connection.on('error', lost);
    connection.on('end', lost);
    connection.on('notification', (message) => {
      const payload = message.payload ?? '';
      const cut = payload.indexOf('|');
      if (message.channel !== CHANGE_CHANNEL || cut === -1 || payload.slice(0, cut) === origin) return;
      receive(payload.slice(cut + 1));
    });
    try {
      await connection.connect();
      await connection.query(`LISTEN ${CHANGE_CHANNEL}`);
    } catch (error) {
      connection.removeAllListeners('end');
      await connection.end().catch(() => undefined);
      if (!afterGap) throw error;
      scheduleReconnect();
      return;
    }
    if (stopped) return void (await connection.end().catch(() => undefined));
    client = connection;
    failures = 0;
    if (afterGap) {
      options.log('listening on PostgreSQL again');
      gap();
    }
  }

  return {
    origin,
    /** Resolves once listening; rejects when the first connection fails (start-up reports it). */
    async start(handlers: { receive: (line: TLine) => void; gap: () => void }): Promise<void> {
      receive = handlers.receive;
      gap = handlers.gap;
      await connect(false);
    },
    send(line: TLine): void {
      options.notify(CHANGE_CHANNEL, `${origin}|${line}`).catch(() => {
        options.log('a NOTIFY failed; other instances see the change within their caches’ TTL');
      });
    },
    /** The listening connection's backend PID, for tests that cut it. */
    backendPid: (): number | null => (client as unknown as { processID?: number } | null)?.processID ?? null,
    async stop(): Promise<void> {
      stopped = true;
      if (retry) clearTimeout(retry);
      const connection = client;
      client = null;
      await connection?.end().catch(() => undefined);
    },
  };
}
