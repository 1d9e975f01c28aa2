// API keys for the SaaS's backend services. The secret is shown once; only its SHA-256
// is stored (the secret is 192 random bits, so a slow hash would add nothing).
import { createHash, randomBytes } from "node:crypto";
import { db, sql } from "../db/index.ts";
import { AppError } from "../errors.ts";

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
 * Revokes a key; false when there is no such key or it was already revoked. Every request
 * looks its key up in PostgreSQL, so every instance refuses it from the next request on
 * (a cache of keys, if one comes, must be invalidated through the control channel).
 */
export async function revokeApiKey(id: ApiKeyId): Promise<boolean> {
  const { count } = await db().apiKey.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
  return count === 1;
}

/** Resolves `Authorization: Bearer <api key>` or throws 401. */
export async function authenticateApiKey(authorization: string | undefined): Promise<{ id: ApiKeyId; name: string }> {
  const secret = bearerToken(authorization);
  if (!secret) throw new AppError("unauthorized", "Missing API key: send Authorization: Bearer <api key>");
  // On every service request, so plain SQL (prepared once per connection) rather than Prisma.
  const { rows } = await sql().query<{ id: string; name: string; revoked_at: Date | null; last_used_at: Date | null }>({
    name: "find-api-key",
    text: "SELECT id, name, revoked_at, last_used_at FROM api_keys WHERE hash = $1",
    values: [hashSecret(secret)],
  });
  const key = rows[0];
  if (!key || key.revoked_at) throw new AppError("unauthorized", "Invalid or revoked API key");
  if (!key.last_used_at || Date.now() - key.last_used_at.getTime() > TOUCH_INTERVAL_MS) {
    // Off the request path: a failed touch must not fail the request.
    void db().apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } }).catch(() => {});
  }
  return { id: key.id, name: key.name };
}

export function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  return match?.[1];
}
