// The email outbox (mail written instead of sent when no SMTP is configured), for the
// console: a list, and one message as its recipient would see it (the page shows the HTML
// in a sandboxed iframe, so nothing in it runs or reaches the console's page).
import { z } from "zod";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";

export const outboxQuery = z.strictObject({
  to: z.string().trim().max(320).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type OutboxSummary = { id: string; notificationId: string | null; to: string; subject: string; at: string };
export type OutboxMessage = OutboxSummary & { from: string | null; text: string; html: string; headers: Record<string, string> };

export async function listOutbox(q: z.infer<typeof outboxQuery>): Promise<OutboxSummary[]> {
  const { rows } = await sql().query<{ id: string; notification_id: string | null; to_address: string; subject: string; created_at: Date }>(
    `SELECT id, notification_id, to_address, subject, created_at FROM email_outbox
     WHERE ($1::text IS NULL OR to_address ILIKE '%' || $1 || '%') ORDER BY created_at DESC LIMIT $2`,
    [q.to || null, q.limit],
  );
  return rows.map((r) => ({ id: r.id, notificationId: r.notification_id, to: r.to_address, subject: r.subject, at: r.created_at.toISOString() }));
}

export async function readOutboxMessage(id: string): Promise<OutboxMessage> {
  if (!z.uuid().safeParse(id).success) throw new AppError("not_found", "No such email");
  const { rows } = await sql().query<{ id: string; notification_id: string | null; to_address: string; subject: string; created_at: Date; text_body: string; html_body: string; headers: Record<string, string> }>(
    "SELECT * FROM email_outbox WHERE id = $1",
    [id],
  );
  const r = rows[0];
  if (!r) throw new AppError("not_found", "No such email");
  const { From, ...headers } = r.headers ?? {};
  return { id: r.id, notificationId: r.notification_id, to: r.to_address, subject: r.subject, at: r.created_at.toISOString(), from: From ?? null, text: r.text_body, html: r.html_body, headers };
}
