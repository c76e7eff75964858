// KEYFORT_ROOT_KEY travels from parent to child over the IPC channel, never in a child's environment.
// Why: a process's environment is readable in /proc/<pid>/environ (by its user, and by root), is copied
// into every process it spawns, and ends up in crash reports and `ps e`. Deleting the variable from
// process.env does not help there: the kernel shows the environment the process was started with. So
// `npm start` (scripts/start.mjs) reads the variable and passes its children only KEYFORT_ROOT_KEY_HANDOVER=ipc;
// each child asks for the key over IPC before it loads it, and the API primary does the same for its
// workers. Plain JavaScript because scripts/start.mjs and scripts/serve.mjs run without a compiler.

const VALUE = Symbol.for('keyfort.root-key-value');
const REQUEST = 'keyfort-root-key-request';
const ANSWER = 'keyfort-root-key';
const ANSWER_TIMEOUT_MS = 10_000;

/** Set in a child's environment instead of the key: "ask your parent for KEYFORT_ROOT_KEY over IPC". */
export const ROOT_KEY_HANDOVER_ENV = 'KEYFORT_ROOT_KEY_HANDOVER';

/**
 * The value of KEYFORT_ROOT_KEY this process was handed or started with, if any. The first call moves it
 * out of process.env (when it was set there directly: `next dev`, tests, the API listener started alone).
 */
export function rootKeyValue(env = process.env) {
  if (env.KEYFORT_ROOT_KEY !== undefined) {
    globalThis[VALUE] ??= env.KEYFORT_ROOT_KEY;
    delete env.KEYFORT_ROOT_KEY;
  }
  return globalThis[VALUE];
}

/** A child's environment: never the key; the handover flag when there is a key to hand over. */
export function childEnvironment(env, value) {
  const childEnv = { ...env };
  delete childEnv.KEYFORT_ROOT_KEY;
  delete childEnv[ROOT_KEY_HANDOVER_ENV];
  if (value !== undefined) childEnv[ROOT_KEY_HANDOVER_ENV] = 'ipc';
  return childEnv;
}

/** Parent side: answers the child's request (a ChildProcess or a cluster Worker) with the key. */
export function answerRootKeyRequests(child, value) {
  child.on('message', (message) => {
    if (message?.type === REQUEST && value !== undefined) child.send({ type: ANSWER, value });
  });
}

/**
 * Child side: when the parent announced a key (KEYFORT_ROOT_KEY_HANDOVER=ipc), asks for it and keeps it
 * for rootKeyValue(). The child asks rather than waits: a message sent before it listened would be lost.
 */
export async function receiveRootKey() {
  if (process.env[ROOT_KEY_HANDOVER_ENV] !== 'ipc') return;
  if (!process.send) throw new Error(`${ROOT_KEY_HANDOVER_ENV}=ipc is set, but this process has no IPC channel to its parent.`);
  const value = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      process.off('message', onMessage);
      reject(new Error(`The parent process did not hand over KEYFORT_ROOT_KEY within ${ANSWER_TIMEOUT_MS / 1000} s.`));
    }, ANSWER_TIMEOUT_MS);
    function onMessage(message) {
      if (message?.type !== ANSWER || typeof message.value !== 'string') return;
      clearTimeout(timer);
      process.off('message', onMessage);
      resolve(message.value);
    }
    process.on('message', onMessage);
    process.send({ type: REQUEST });
  });
  delete process.env[ROOT_KEY_HANDOVER_ENV];
  globalThis[VALUE] = value;
}
