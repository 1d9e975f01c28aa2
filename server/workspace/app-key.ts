// The API key the app keeps for itself: the workspace publishes through POST
// /api/v1/notifications with it, as any outside service would. Made on first use (at
// start) like the installation id: an ordinary api_keys row (hashed, listed and revocable
// like every other key), plus its secret sealed with AES-256-GCM under a key derived from
// AUTH_SECRET in app_keys, so every instance (they share AUTH_SECRET) reads the same
// secret and the database alone does not give it away.
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { createApiKey, revokeApiKey } from "../auth/api-keys.ts";
import { getConfig } from "../config/index.ts";
import { db } from "../db/index.ts";
import { log } from "../log.ts";

export const WORKSPACE_KEY_PURPOSE = "workspace";
export const WORKSPACE_KEY_NAME = "Demo workspace (built in)";

const store = globalThis as unknown as { __heraldAppKeys?: Map<string, Promise<string>> };
const cache = (store.__heraldAppKeys ??= new Map<string, Promise<string>>());

/** The secret of the app's own key for `purpose`, made if there is none (or it was revoked). */
export function appKeySecret(purpose = WORKSPACE_KEY_PURPOSE): Promise<string> {
  let secret = cache.get(purpose);
  if (!secret) {
    secret = loadOrCreate(purpose);
    cache.set(purpose, secret);
    secret.catch(() => cache.delete(purpose));
  }
  return secret;
}

/** Forgets the cached secret: the next call reads the database again (after a 401). */
export function forgetAppKey(purpose = WORKSPACE_KEY_PURPOSE): void {
  cache.delete(purpose);
}

async function loadOrCreate(purpose: string): Promise<string> {
  const usable = await readUsable(purpose);
  if (usable) return usable;
  // Instances starting together: one makes the key, the others wait and read it.
  return db().$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`herald:app-key:${purpose}`}))`;
    const again = await readUsable(purpose, tx);
    if (again) return again;
    const old = await tx.appKey.findUnique({ where: { purpose } });
    const key = await createApiKey(WORKSPACE_KEY_NAME);
    const sealed = seal(key.secret);
    await tx.appKey.upsert({ where: { purpose }, create: { purpose, apiKeyId: key.id, secretSealed: sealed }, update: { apiKeyId: key.id, secretSealed: sealed } });
    // An unreadable predecessor (AUTH_SECRET changed) must not stay valid behind our back.
    if (old) await revokeApiKey(old.apiKeyId);
    log.info({ purpose, keyId: key.id, replaced: old?.apiKeyId ?? null }, "app key created");
    return key.secret;
    // Waiting for another instance's lock counts against the transaction's time: be patient.
  }, { maxWait: 10_000, timeout: 30_000 });
}

type Tx = Pick<ReturnType<typeof db>, "appKey">;

async function readUsable(purpose: string, tx: Tx = db()): Promise<string | undefined> {
  const row = await tx.appKey.findUnique({ where: { purpose }, include: { apiKey: { select: { revokedAt: true } } } });
  if (!row || row.apiKey.revokedAt) return undefined;
  return unseal(row.secretSealed);
}

function sealingKey(): Buffer {
  return Buffer.from(hkdfSync("sha256", getConfig().authSecret, "herald", "app-key-seal-v1", 32));
}

function seal(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", sealingKey(), iv);
  const body = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
}

/** undefined when sealed under another AUTH_SECRET (or damaged): a new key is made. */
function unseal(sealed: string): string | undefined {
  try {
    if (!sealed.startsWith("v1.")) return undefined;
    const raw = Buffer.from(sealed.slice(3), "base64url");
    const decipher = createDecipheriv("aes-256-gcm", sealingKey(), raw.subarray(0, 12));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}
