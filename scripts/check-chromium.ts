// The browser tests run in the system's Chromium (Playwright cannot download its own here).
// Checked before they start, so a machine without it gets how to fix it, not a launch error.
// `npm test` runs this file first (node --import tsx); playwright.config.ts calls requireChromium() too.
import { accessSync, constants } from "node:fs";
import { pathToFileURL } from "node:url";

export const chromiumPath = (): string => process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export function requireChromium(): void {
  const path = chromiumPath();
  try {
    accessSync(path, constants.X_OK);
  } catch {
    console.error(
      `Chromium not found at ${path}: the browser tests need it. Install it (Debian/Ubuntu: apt-get install -y chromium), ` +
        "or set CHROMIUM_PATH to a Chromium executable.",
    );
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) requireChromium();
