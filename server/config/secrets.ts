// Secrets come from the environment or, on a single box, are generated once into
// DATA_DIR/secrets.json (mode 0600) so they survive restarts and are never committed.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { generateVapidKeys, type VapidKeys } from "./vapid.ts";

type Secrets = { authSecret: string; tokenSecret: string; embeddedDbPassword: string } & VapidKeys;
const NAMES = ["authSecret", "tokenSecret", "embeddedDbPassword"] as const;

export function loadOrCreateSecrets(dataDir: string, fromEnv: Partial<Secrets>): Secrets {
  const file = join(dataDir, "secrets.json");
  const stored = (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {}) as Partial<Secrets>;
  const missing = NAMES.filter((n) => !stored[n]);
  for (const name of missing) stored[name] = randomBytes(32).toString("base64url");
  // The VAPID pair is made together: one key without the other is useless.
  const vapidMissing = !stored.vapidPublicKey || !stored.vapidPrivateKey;
  if (vapidMissing) Object.assign(stored, generateVapidKeys());
  if (missing.length > 0 || vapidMissing) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { ...(stored as Secrets), ...Object.fromEntries(Object.entries(fromEnv).filter(([, v]) => v)) };
}
