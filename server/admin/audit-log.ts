// Every change an admin makes, kept for the console: who, what, on what, before and after.
// Written in the same transaction as the change where the change is one statement of ours,
// otherwise right after it succeeds (a change that failed leaves no entry).
import type { Pool, PoolClient } from "pg";
import { z } from "zod";
import { sql } from "../db/index.ts";
import type { AdminId } from "./guard.ts";

export type AuditEntry = { id: string; actorId: string; actorName: string | null; action: string; target: string; before: unknown; after: unknown; at: string };

export type AuditInput = { actor: AdminId; action: string; target: string; before?: unknown; after?: unknown };

export async function writeAudit(entry: AuditInput, client: Pool | PoolClient = sql()): Promise<void> {
  await client.query(
    "INSERT INTO admin_audit_log (actor_id, action, target, before, after) VALUES ($1, $2, $3, $4::jsonb, $5::jsonb)",
    [entry.actor, entry.action, entry.target, json(entry.before), json(entry.after)],
  );
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

export const auditQuery = z.strictObject({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** Newest first; `before` is the id of the last entry of the previous page. */
export async function listAudit({ before, limit }: z.infer<typeof auditQuery>): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const { rows } = await sql().query<{ id: string; actor_id: string; name: string | null; email: string | null; action: string; target: string; before: unknown; after: unknown; at: Date }>(
    `SELECT a.id, a.actor_id, u.name, u.email, a.action, a.target, a.before, a.after, a.at
     FROM admin_audit_log a LEFT JOIN users u ON u.id = a.actor_id
     WHERE ($1::bigint IS NULL OR a.id < $1) ORDER BY a.id DESC LIMIT $2`,
    [before ?? null, limit + 1],
  );
  const entries = rows.slice(0, limit).map((r) => ({
    id: r.id,
    actorId: r.actor_id,
    actorName: r.name ?? r.email,
    action: r.action,
    target: r.target,
    before: r.before,
    after: r.after,
    at: r.at.toISOString(),
  }));
  return { entries, next: rows.length > limit ? entries[entries.length - 1].id : null };
}
