import { describe, expect, it } from 'vitest';
import { ConfigurationError, startupExitCode } from './configuration-error';
import { capturingLogger } from './capturing-logger';
import { lineLogger, logLevelFromEnv, REDACTED } from './logger';

describe('logLevelFromEnv', () => {
  it('gives info when KEYFORT_LOG_LEVEL is absent or blank, and any pino level in any case otherwise', () => {
    expect(logLevelFromEnv({})).toBe('info');
    expect(logLevelFromEnv({ KEYFORT_LOG_LEVEL: ' ' })).toBe('info');
    expect(logLevelFromEnv({ KEYFORT_LOG_LEVEL: ' Debug ' })).toBe('debug');
    expect(logLevelFromEnv({ KEYFORT_LOG_LEVEL: 'silent' })).toBe('silent');
  });

  it('refuses anything else as a configuration error (exit 78) naming the variable and the levels', () => {
    for (const value of ['verbose', '30', 'info,debug']) {
      let thrown: unknown;
      try {
        logLevelFromEnv({ KEYFORT_LOG_LEVEL: value });
      } catch (error) {
        thrown = error;
      }
      expect(thrown, value).toBeInstanceOf(ConfigurationError);
      expect((thrown as Error).message).toBe(`KEYFORT_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "${value}".`);
      expect(startupExitCode(thrown)).toBe(78);
    }
  });
});

describe('createLogger', () => {
  it('writes one JSON object a line with an ISO time, the level by name, the message and the context given', () => {
    const { logger, lines, records } = capturingLogger();
    logger.child({ component: 'api' }).info({ requestId: 'r-1', operation: 'Encrypt', actorId: 'u-1', keyId: 'k-1', result: 'Success', durationMs: 1.5 }, 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    const [record] = records();
    expect(record).toMatchObject({
      level: 'info',
      msg: 'request',
      component: 'api',
      requestId: 'r-1',
      operation: 'Encrypt',
      actorId: 'u-1',
      keyId: 'k-1',
      result: 'Success',
      durationMs: 1.5,
    });
    expect(new Date(record!.time as string).toISOString()).toBe(record!.time);
  });

  it('leaves out lines below its level', () => {
    const { logger, records } = capturingLogger('warn');
    logger.info('not shown');
    logger.debug('not shown either');
    logger.warn('shown');
    expect(records().map((record) => record.msg)).toEqual(['shown']);
  });

  it('replaces fields named like secrets, at the top and one level down, whoever passed them', () => {
    const { logger, lines, records } = capturingLogger();
    logger.info(
      {
        password: 'hunter2-password',
        secretAccessKey: 'wJalrXUtnFEMI-secret',
        plaintext: 'attack at dawn',
        request: { Plaintext: 'YXR0YWNrIGF0IGRhd24=', EncryptionContext: { purpose: 'payroll' }, authorization: 'AWS4-HMAC-SHA256 Signature=abc' },
        headers: { cookie: 'session=s3cr3t' },
        keyId: 'k-1',
      },
      'careless',
    );
    for (const secret of ['hunter2', 'wJalrXUtnFEMI', 'attack at dawn', 'YXR0YWNr', 'payroll', 'Signature=abc', 's3cr3t']) {
      expect(lines[0]).not.toContain(secret);
    }
    expect(records()[0]).toMatchObject({ password: REDACTED, plaintext: REDACTED, request: { Plaintext: REDACTED }, headers: { cookie: REDACTED }, keyId: 'k-1' });
  });

  it('adapts to the `log(line, fields)` callbacks that modules without the logger take', () => {
    const { logger, records } = capturingLogger();
    lineLogger(logger.child({ component: 'job' }))('background job failed', { incidentId: 'i-1' });
    expect(records()[0]).toMatchObject({ level: 'error', component: 'job', msg: 'background job failed', incidentId: 'i-1' });
  });
});
