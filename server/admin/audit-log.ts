// Every change an admin makes, kept for the console: who (and how they came: their
// session), what, on what, before and after.
//
// Written in the same transaction as the change (`audited` below): a change that fails
// leaves no entry, and an entry that cannot be written undoes the change. Three changes
// are not statements of ours in that transaction, and get their entry right after they
// succeed instead:
// - channel switches and SMTP settings: written by writeDeploymentSettings
//   (deployment-settings.ts) in a statement of its own;
// - creating an API key: the key row is made by createApiKey (server/auth/api-keys.ts); its
//   creator and the entry are then one transaction;
// - a test email (sending mail is not transactional: the entry records what the server
//   answered) and a test notification (published through the publish path, which commits
//   its own transactions; the entry follows them).
import type { Pool, PoolClient } from "pg";
import { z } from "zod";
import { sql } from "../db/index.ts";
import { withTransaction } from "../db/transaction.ts";
import type { AdminActor } from "./guard.ts";

export type AuditEntry = {
  id: string;
  actorId: string;
  actorName: string | null;
  /** "session" (the admin API takes nothing else); null for entries older than this field. */
  actorVia: string | null;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  at: string;
};

export type AuditInput = { actor: AdminActor; action: string; target: string; before?: unknown; after?: unknown };

export async function writeAudit(entry: AuditInput, client: Pool | PoolClient = sql()): Promise<void> {
  await client.query(
    `INSERT INTO admin_audit_log (actor_id, actor_via, actor_session_id, action, target, before, after)
     VALUES ($1, $2, $3::uuid, $4, $5, $6::jsonb, $7::jsonb)`,
    [entry.actor.userId, entry.actor.via, entry.actor.sessionId, entry.action, entry.target, json(entry.before), json(entry.after)],
  );
}

/**
 * Runs a change and writes its audit entry in one transaction: `change` makes the change
 * with `client` and returns the entry (or null: nothing changed, nothing to record) and
 * its result. Either both are committed or neither is.
 */
export async function audited<T>(change: (client: PoolClient) => Promise<{ entry: AuditInput | null; result: T }>): Promise<T> {
  return withTransaction(async (client) => {
    const { entry, result } = await change(client);
    if (entry) await writeAudit(entry, client);
    return result;
  });
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export const auditQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Newest first; `before` is the id of the last entry of the previous page. */
export async function listAudit({ before, limit }: z.infer<typeof auditQuery>): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const { rows } = await sql().query<{
    id: string;
    actor_id: string;
    actor_via: string | null;
    name: string | null;
    email: string | null;
    action: string;
    target: string;
    before: unknown;
    after: unknown;
    at: Date;
  }>(
    `SELECT a.id, a.actor_id, a.actor_via, u.name, u.email, a.action, a.target, a.before, a.after, a.at
     FROM admin_audit_log a LEFT JOIN users u ON u.id = a.actor_id
     WHERE ($1::bigint IS NULL OR a.id < $1) ORDER BY a.id DESC LIMIT $2`,
    [before ?? null, limit + 1],
  );
  const entries = rows.slice(0, limit).map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    actorName: r.name ?? r.email,
    actorVia: r.actor_via,
    action: r.action,
    target: r.target,
    before: r.before,
    after: r.after,
    at: r.at.toISOString(),
  }));
  return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
}
