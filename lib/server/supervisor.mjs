// Keeps one child process of `npm start` running (scripts/start.mjs: the console, the AWS API listener).
// Plain JavaScript: scripts/start.mjs imports it without a compiler.
import { EXIT_CONFIGURATION_ERROR } from './exit-codes.mjs';
import { writeLogLine } from './log-line.mjs';
import { createRestartBackoff, RESTART_BACKOFF } from './restart-backoff.mjs';

/** How long a child gets to stop after the signal before it is killed, unless the caller says otherwise. */
const STOP_GRACE_MS = 15_000;

function describeExit(code, signal) {
  return signal ? `killed by ${signal}` : `exit code ${code}`;
}

/**
 * A child that exits on its own is logged (with its exit code or signal) and started again after the
 * backoff; one that exits with EXIT_CONFIGURATION_ERROR is not (its own message said why), and
 * `onConfigurationError` decides what happens next. After stop(), nothing is restarted.
 */
const logAsSupervisor = (msg, level = 'error') => writeLogLine({ level, component: 'supervisor', msg });

export function superviseChild({ name, spawnChild, onConfigurationError, log = logAsSupervisor, policy = RESTART_BACKOFF, stopGraceMs = STOP_GRACE_MS }) {
  const backoff = createRestartBackoff(policy);
  let child = null;
  let restartTimer = null;
  let stopped = false;
  let onStopped = null;

  function launch() {
    restartTimer = null;
    const current = spawnChild();
    child = current;
    current.on('error', (error) => log(`${name}: ${error.code ?? error.name}`));
    current.once('exit', (code, signal) => {
      child = null;
      if (stopped) return onStopped?.();
      if (code === EXIT_CONFIGURATION_ERROR) {
        log(`${name} stopped because of its configuration (exit code ${code}, see its message above); it is not restarted.`, 'fatal');
        return onConfigurationError();
      }
      const { delayMs, failures } = backoff.failed();
      log(`${name} stopped unexpectedly (${describeExit(code, signal)}); restarting it in ${delayMs / 1000} s (failure ${failures} in a row).`);
      restartTimer = setTimeout(launch, delayMs);
    });
  }

  return {
    start: launch,
    /** The running process, if any (null while waiting to restart). */
    get child() {
      return child;
    },
    /** Signals the child and resolves once it is gone (killed after a grace period); cancels a pending restart. */
    stop(signal = 'SIGTERM') {
      stopped = true;
      clearTimeout(restartTimer);
      const running = child;
      if (!running) return Promise.resolve();
      return new Promise((resolve) => {
        const kill = setTimeout(() => running.kill('SIGKILL'), stopGraceMs);
        onStopped = () => {
          clearTimeout(kill);
          resolve();
        };
        running.kill(signal);
      });
    },
  };
}
