import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin('./i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // `next dev` would print every server action's arguments (passwords, key material in the import wizard).
  logging: { serverFunctions: false },
  // Native drivers and Prisma's generated clients are loaded by Node at run time instead of being bundled.
  serverExternalPackages: ['better-sqlite3', '@prisma/adapter-better-sqlite3', '@prisma/adapter-pg', 'pg'],
};

export default withNextIntl(nextConfig);
