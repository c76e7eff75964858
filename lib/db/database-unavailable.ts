import { KmsError } from '@/lib/kms';

// "The database cannot be reached right now" is not an internal fault: the request was fine and retrying it
// later will work. It reaches people as the domain's UNAVAILABLE (the API: HTTP 503 DependencyTimeoutException;
// the console: "try again"), never as a generic 500 — and never as a success, since nothing was read.

/** Prisma's codes for a server not reached, timed out, gone mid-request, or out of connections. */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/** Prisma driver adapter error kinds (meta.driverAdapterError.cause.kind) of the same. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** Socket errors of node:net as the pg driver passes them on. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNABORTED']);
/**
 * SQLSTATEs: class 08 (connection exception), 57P01–57P03 (the server is shutting down, crashed or not yet
 * accepting connections), 53300 (too many connections) and 57014 (the statement timeout cancelled a query).
 */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300|57014)$/;
/** What pg and pg-pool throw without a code when a connection fails, times out or is cut. */
const DRIVER_MESSAGES = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
  /^Client was closed and is not queryable$/,
  /^Query read timeout$/,
];

function looksUnreachable(error: object): boolean {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
  const adapter = (error as { meta?: { driverAdapterError?: { cause?: { kind?: unknown; originalCode?: unknown; code?: unknown } } } }).meta
    ?.driverAdapterError?.cause;
  if (adapter) {
    if (typeof adapter.kind === 'string' && ADAPTER_KINDS.has(adapter.kind)) return true;
    for (const sqlstate of [adapter.originalCode, adapter.code]) if (typeof sqlstate === 'string' && SQLSTATE.test(sqlstate)) return true;
  }
  return typeof message === 'string' && DRIVER_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * True when `error` says the database could not be reached or stopped answering (PostgreSQL, through Prisma
 * or the pg driver), looking through `cause` chains and AggregateErrors. The one place this is decided.
 */
export function isDatabaseUnreachable(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 5) return false;
  if (looksUnreachable(error)) return true;
  if (error instanceof AggregateError && error.errors.some((inner) => isDatabaseUnreachable(inner, depth + 1))) return true;
  return isDatabaseUnreachable((error as { cause?: unknown }).cause, depth + 1);
}

export const DATABASE_UNAVAILABLE_MESSAGE = 'The database is unreachable, so the request could not be completed. You can retry the request.';

export function databaseUnavailableError(): KmsError {
  return new KmsError('UNAVAILABLE', DATABASE_UNAVAILABLE_MESSAGE);
}

/** The error as the domain's edges should see it: UNAVAILABLE for an unreachable database, else unchanged. */
export function asDomainError(error: unknown): unknown {
  return isDatabaseUnreachable(error) ? databaseUnavailableError() : error;
}

/**
 * The store with every asynchronous method's unreachable-database failure turned into UNAVAILABLE, so the
 * domain and the edges (which must not know about Prisma) answer it as such. Nothing else changes: other
 * errors, KmsErrors thrown inside a transaction and results pass through untouched.
 */
export function surfaceDatabaseUnavailable<T extends object>(store: T): T {
  // One wrapper per method, made on first use: the data plane reads ctx.store.<method> on every request.
  const wrappers = new Map<PropertyKey, (...args: unknown[]) => unknown>();
  return new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function') return value;
      let wrapper = wrappers.get(name);
      if (!wrapper) {
        wrapper = (...args: unknown[]) => {
          const result: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
          if (typeof (result as PromiseLike<unknown> | null)?.then !== 'function') return result;
          return Promise.resolve(result).catch((error: unknown) => {
            throw asDomainError(error);
          });
        };
        wrappers.set(name, wrapper);
      }
      return wrapper;
    },
  });
}
