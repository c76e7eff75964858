import { describe, expect, it } from 'vitest';
import { apiListenerAddressFromEnv, apiServerSettingsFromEnv } from './api-settings';

describe('apiListenerAddressFromEnv', () => {
  it('names the port and scheme the API listener serves on, as the listener itself reads them', () => {
    expect(apiListenerAddressFromEnv({})).toEqual({ protocol: 'http', port: 4000 });
    expect(apiListenerAddressFromEnv({ KEYFORT_API_PORT: '4100' })).toEqual({ protocol: 'http', port: 4100 });
    expect(apiListenerAddressFromEnv({ KEYFORT_API_PORT: '4100' }).port).toBe(apiServerSettingsFromEnv({ KEYFORT_API_PORT: '4100' }).port);
  });

  it('says https when TLS is configured, without reading the certificate files', () => {
    expect(apiListenerAddressFromEnv({ KEYFORT_TLS_CERT_FILE: '/nonexistent/cert.pem', KEYFORT_TLS_KEY_FILE: '/nonexistent/key.pem' }).protocol).toBe('https');
  });
});
