// What a channel worker needs to deliver one notification: its content, whether it is
// still unread and shown, and its recipient. Null when it is gone (cleared, or trimmed by
// retention) before the worker ran.
import { sql } from "../db/index.ts";

export type NotificationForDelivery = {
  id: string;
  userId: string;
  type: string;
  title: string;
  body: string | null;
  data: Record<string, unknown>;
  actionUrl: string | null;
  /** Shown in the app (in-app on for the recipient). */
  shownInApp: boolean;
  readAt: Date | null;
  createdAt: Date;
  recipient: { email: string | null; name: string | null; disabled: boolean };
};

export async function loadNotificationForDelivery(id: string): Promise<NotificationForDelivery | null> {
  const { rows } = await sql().query<{
    id: string; user_id: string; type: string; title: string; body: string | null; data: Record<string, unknown>;
    action_url: string | null; seq: string | null; read_at: Date | null; created_at: Date;
    email: string | null; name: string | null; disabled_at: Date | null;
  }>({
    name: "load-notification-for-delivery",
    text: `SELECT n.id, n.user_id, n.type, n.title, n.body, n.data, n.action_url, n.seq, n.read_at, n.created_at,
                  u.email, u.name, u.disabled_at
           FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.id = $1`,
    values: [id],
  });
  const r = rows[0];
  if (!r) return null;
  return {
    id: r.id,
    userId: r.user_id,
    type: r.type,
    title: r.title,
    body: r.body,
    data: r.data ?? {},
    actionUrl: r.action_url,
    shownInApp: r.seq !== null,
    readAt: r.read_at,
    createdAt: r.created_at,
    recipient: { email: r.email, name: r.name, disabled: r.disabled_at !== null },
  };
}
