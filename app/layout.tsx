import type { Metadata, Viewport } from "next";
import { headers } from "next/headers";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { THEME_SCRIPT } from "@/components/ui/theme.ts";
import "./globals.css";

export const metadata: Metadata = {
  title: "Herald",
  description: "Real-time notifications",
  // Installable on a phone's home screen, where Web Push works as it does for an app.
  manifest: "/manifest.webmanifest",
  icons: { icon: [{ url: "/favicon.ico", sizes: "32x32" }, { url: "/icon.svg", type: "image/svg+xml" }], apple: "/icons/apple-touch-icon.png" },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#4f46e5" },
    { media: "(prefers-color-scheme: dark)", color: "#0f172a" },
  ],
};

/** The request's CSP nonce (server/http/security-headers.ts), for our one inline script. */
async function cspNonce(): Promise<string | undefined> {
  const csp = (await headers()).get("content-security-policy") ?? "";
  return /'nonce-([^']+)'/.exec(csp)?.[1];
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page renders per request, so Next can put that request's CSP nonce on its
  // scripts (server/http/security-headers.ts); a page prerendered at build time has none.
  await connection();
  const nonce = await cspNonce();
  return (
    // The theme script sets class="dark" before React hydrates: expected, not a mismatch.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: THEME_SCRIPT }} />
      </head>
      <body className="min-h-screen">{children}</body>
    </html>
  );
}
