// Exit statuses Keyfort's processes share with their supervisors (scripts/start.mjs, the API primary).
// Plain JavaScript: scripts/start.mjs imports it without a compiler.

/**
 * "Configuration error, do not retry" (sysexits' EX_CONFIG). A process that exits with it stopped because
 * of a setting only the operator can fix; restarting it would fail the same way, so its supervisor stops
 * instead. Every other exit is restarted with backoff (lib/server/restart-backoff.mjs).
 */
export const EXIT_CONFIGURATION_ERROR = 78;
