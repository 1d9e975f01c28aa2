// API keys from the console: made by an admin (the secret shown once), listed with who
// made them and when they were last used, revoked (every instance refuses it at once:
// the revocation announces it by NOTIFY).
import { z } from "zod";
import { createApiKey, forgetApiKey, type CreatedApiKey } from "../auth/api-keys.ts";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CONTROL_CHANNEL } from "../events/control-events.ts";
import { audited } from "./audit-log.ts";
import type { AdminActor } from "./guard.ts";

export const createApiKeyBody = z.strictObject({ name: z.string().trim().min(1, "a name is required").max(100) });

export type AdminApiKey = {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdBy: { id: string; name: string | null } | null;
};

export async function listAdminApiKeys(): Promise<AdminApiKey[]> {
  const { rows } = await sql().query<{ id: string; name: string; prefix: string; created_at: Date; last_used_at: Date | null; revoked_at: Date | null; created_by: string | null; by_name: string | null }>(
    `SELECT k.id, k.name, k.prefix, k.created_at, k.last_used_at, k.revoked_at, k.created_by, coalesce(u.name, u.email) AS by_name
     FROM api_keys k LEFT JOIN users u ON u.id = k.created_by ORDER BY k.created_at DESC`,
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    createdAt: r.created_at.toISOString(),
    lastUsedAt: r.last_used_at?.toISOString() ?? null,
    revokedAt: r.revoked_at?.toISOString() ?? null,
    createdBy: r.created_by ? { id: r.created_by, name: r.by_name } : null,
  }));
}

/** The key row is made by createApiKey; its creator and the audit entry are then one transaction. */
export async function createAdminApiKey(actor: AdminActor, name: string): Promise<CreatedApiKey> {
  const key = await createApiKey(name);
  return audited(async (client) => {
    await client.query("UPDATE api_keys SET created_by = $2 WHERE id = $1", [key.id, actor.userId]);
    return { result: key, entry: { actor, action: "api-key.create", target: key.id, after: { name: key.name, prefix: key.prefix } } };
  });
}

/** The revocation (announced to every instance by its NOTIFY, on commit) and its audit entry in one transaction. */
export async function revokeAdminApiKey(actor: AdminActor, id: string): Promise<void> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such API key");
  await audited(async (client) => {
    const { rows } = await client.query<{ name: string; prefix: string; revoked_at: Date | null }>("SELECT name, prefix, revoked_at FROM api_keys WHERE id = $1 FOR UPDATE", [id]);
    if (!rows[0]) throw new AppError("not_found", "No such API key");
    if (rows[0].revoked_at) throw new AppError("conflict", "This API key is already revoked");
    // The statement revokeApiKey (server/auth/api-keys.ts) runs, here in this transaction.
    await client.query(
      `WITH revoked AS (UPDATE api_keys SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING id)
       SELECT pg_notify($2, json_build_object('kind', 'api-key-revoked', 'keyId', id)::text) FROM revoked`,
      [id, CONTROL_CHANNEL],
    );
    const entry = { actor, action: "api-key.revoke", target: id, before: { name: rows[0].name, prefix: rows[0].prefix, revoked: false }, after: { revoked: true } };
    return { result: undefined, entry };
  });
  forgetApiKey(id); // this process at once; the others when the NOTIFY arrives
}
