import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

// Browser features the console never uses, switched off for it and anything framed or injected into it.
// Clipboard writing stays (copy buttons); the rest is empty. An unknown name only makes the browser warn, but
// hides a typo: keep to features Chromium knows (e2e/security-headers.spec.ts checks it warns about none).
const DISABLED_FEATURES = [
  'accelerometer', 'autoplay', 'camera', 'clipboard-read', 'display-capture', 'encrypted-media',
  'fullscreen', 'gamepad', 'geolocation', 'gyroscope', 'hid', 'idle-detection', 'magnetometer', 'microphone',
  'midi', 'payment', 'picture-in-picture', 'publickey-credentials-get', 'screen-wake-lock', 'serial', 'usb',
  'xr-spatial-tracking',
];
const PERMISSIONS_POLICY = [...DISABLED_FEATURES.map((feature) => `${feature}=()`), 'clipboard-write=(self)'].join(', ');

// On every response, pages, static assets and API routes alike. The pages' Content-Security-Policy carries a
// per-request nonce and so comes from proxy.ts; Strict-Transport-Security comes from the front server, which
// alone knows whether it serves TLS.
const SECURITY_HEADERS = [
  // A response is only ever what its Content-Type says: no JSON or upload sniffed into HTML or script.
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  // Key IDs and aliases in console URLs stay here, not in other sites' logs.
  { key: 'Referrer-Policy', value: 'no-referrer' },
  { key: 'Permissions-Policy', value: PERMISSIONS_POLICY },
];

// API routes answer JSON, never a document: should a browser render one anyway, nothing in it may load or frame.
const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `next dev` would print every server action's arguments (passwords, key material in the import wizard).
  logging: { serverFunctions: false },
  // Native drivers and Prisma's generated clients are loaded by Node at run time instead of being bundled.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg', 'prom-client'],
  async headers() {
    return [
      { source: '/:path*', headers: SECURITY_HEADERS },
      { source: '/api/:path*', headers: [{ key: 'Content-Security-Policy', value: API_CONTENT_SECURITY_POLICY }] },
    ];
  },
};

export default withNextIntl(nextConfig);
