// API keys for the SaaS's backend services. The secret is shown once; only its SHA-256
// is stored (the secret is 192 random bits, so a slow hash would add nothing).
import { createHash, randomBytes } from "node:crypto";
import { db, sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CONTROL_CHANNEL } from "../events/control-events.ts";

export type ApiKeyId = string;
export type CreatedApiKey = { id: ApiKeyId; name: string; prefix: string; secret: string };

const hashSecret = (secret: string) => createHash("sha256").update(secret).digest("hex");
const TOUCH_INTERVAL_MS = 60_000;

export async function createApiKey(name: string): Promise<CreatedApiKey> {
  const secret = `hk_${randomBytes(24).toString("base64url")}`;
  const prefix = secret.slice(0, 10);
  const key = await db().apiKey.create({ data: { name, prefix, hash: hashSecret(secret) } });
  return { id: key.id, name: key.name, prefix, secret };
}

export type ApiKeySummary = { id: ApiKeyId; name: string; prefix: string; createdAt: Date; lastUsedAt: Date | null; revokedAt: Date | null };

/** Every key, newest first; never the secret (only its first characters). */
export async function listApiKeys(): Promise<ApiKeySummary[]> {
  return db().apiKey.findMany({
    orderBy: { createdAt: "desc" },
    select: { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, revokedAt: true },
  });
}

/**
 * Revokes a key; false when there is no such key or it was already revoked. The statement
 * announces it on the control channel (PostgreSQL NOTIFY, delivered on commit), and every
 * instance drops the key from its cache at once (server/start-server.ts).
 */
export async function revokeApiKey(id: ApiKeyId): Promise<boolean> {
  const { rowCount } = await sql().query(
    `WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
     SELECT pg_notify($2, json_build_object('kind', 'api-key-revoked', 'keyId', id)::text) FROM revoked`,
    [id, CONTROL_CHANNEL],
  );
  forgetApiKey(id);
  return rowCount === 1;
}

// Every service request needs its key: each process keeps the keys it has seen valid for a
// minute, dropped at once when one is revoked anywhere (the control event above) and all
// of them when the control channel had to reconnect (an announcement may have been missed).
const KEY_CACHE_MS = 60_000;
type CachedKey = { id: ApiKeyId; name: string; checkedAt: number; lastUsedAt: number };
const store = globalThis as unknown as { __heraldApiKeys?: Map<string, CachedKey> };
const cache = (store.__heraldApiKeys ??= new Map<string, CachedKey>());

// Bumped at every revocation heard: a lookup that started before one may have read the key
// as valid just before it was revoked, so its answer serves that request but is not cached.
let generation = 0;

/** Drops one key (revoked) or every key from this process's cache. */
export function forgetApiKey(id?: ApiKeyId): void {
  generation++;
  if (id === undefined) return cache.clear();
  for (const [hash, key] of cache) if (key.id === id) cache.delete(hash);
}

/** Resolves `Authorization: Bearer <api key>` or throws 401. */
export async function authenticateApiKey(authorization: string | undefined): Promise<{ id: ApiKeyId; name: string }> {
  const secret = bearerToken(authorization);
  if (!secret) throw new AppError("unauthorized", "Missing API key: send Authorization: Bearer <api key>");
  const hash = hashSecret(secret);
  const now = Date.now();
  let key = cache.get(hash);
  if (!key || now - key.checkedAt > KEY_CACHE_MS) key = await lookUp(hash, now);
  if (now - key.lastUsedAt > TOUCH_INTERVAL_MS) {
    key.lastUsedAt = now;
    // Off the request path: a failed touch must not fail the request.
    void db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date(now) } }).catch(() => {});
  }
  return { id: key.id, name: key.name };
}

async function lookUp(hash: string, now: number): Promise<CachedKey> {
  const startedAt = generation;
  // Plain SQL (prepared once per connection) rather than Prisma: it is on the publish path.
  const { rows } = await sql().query<{ id: string; name: string; revoked_at: Date | null; last_used_at: Date | null }>({
    name: "find-api-key",
    text: "SELECT id, name, revoked_at, last_used_at FROM api_keys WHERE hash = $1",
    values: [hash],
  });
  const found = rows[0];
  if (!found || found.revoked_at) {
    cache.delete(hash);
    throw new AppError("unauthorized", "Invalid or revoked API key");
  }
  const key = { id: found.id, name: found.name, checkedAt: now, lastUsedAt: found.last_used_at?.getTime() ?? 0 };
  if (generation === startedAt) cache.set(hash, key);
  return key;
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1];
}
