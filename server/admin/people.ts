// People in the console: search, one person's live state (presence per instance, unread,
// push subscriptions, sessions), and what an admin may change: end every session, remove a
// push subscription, make or remove an admin (never the last one), disable or enable; each
// change and its audit entry in one transaction.
import { z } from "zod";
import { listPushSubscriptions, type PushSubscriptionDto } from "../channels/push/subscriptions.ts";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { onlineAmong, presenceOf } from "../presence/index.ts";
import { revokeUserSessions } from "../auth/sessions.ts";
import { audited } from "./audit-log.ts";
import type { AdminActor } from "./guard.ts";
import { listInstances } from "./instances.ts";
import { changeAdminState } from "./roles.ts";

export const peopleQuery = z.strictObject({ q: z.string().trim().max(200).default("") });
export const roleBody = z.strictObject({ role: z.enum(["user", "admin"]) });
export const disabledBody = z.strictObject({ disabled: z.boolean() });

export type PersonSummary = { id: string; email: string | null; name: string | null; role: "user" | "admin"; disabled: boolean; unreadCount: number; online: boolean };

type UserRow = { id: string; email: string | null; name: string | null; role: "user" | "admin"; disabled_at: Date | null; unread_count: number };

const toSummary = (r: UserRow, online: Set<string>): PersonSummary => ({
  id: r.id,
  email: r.email,
  name: r.name,
  role: r.role,
  disabled: r.disabled_at !== null,
  unreadCount: r.unread_count,
  online: online.has(r.id),
});

/** Up to 50 people whose id, email or name contains the text; everyone (first 50) for none. */
export async function searchPeople(q: string): Promise<PersonSummary[]> {
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const { rows } = await sql().query<UserRow>(
    `SELECT id, email, name, role::text AS role, disabled_at, unread_count FROM users
     WHERE id ILIKE $1 OR email ILIKE $1 OR name ILIKE $1 ORDER BY coalesce(name, email, id) LIMIT 50`,
    [pattern],
  );
  const online = await onlineAmong(rows.map((r) => r.id));
  return rows.map((r) => toSummary(r, online));
}

export type PersonDetail = PersonSummary & {
  createdAt: string;
  presence: { instanceId: string; url: string | null; sockets: number }[];
  activeSessions: number;
  pushSubscriptions: PushSubscriptionDto[];
};

export async function describePerson(userId: string): Promise<PersonDetail> {
  const { rows } = await sql().query<UserRow & { created_at: Date; sessions: string }>(
    `SELECT id, email, name, role::text AS role, disabled_at, unread_count, created_at,
       (SELECT count(*) FROM sessions s WHERE s.user_id = users.id AND s.revoked_at IS NULL AND s.expires_at > now()) AS sessions
     FROM users WHERE id = $1`,
    [userId],
  );
  const row = rows[0];
  if (!row) throw new AppError("not_found", `Unknown user ${userId}`);
  const [where, instances, pushSubscriptions] = await Promise.all([presenceOf(userId), listInstances(), listPushSubscriptions(userId)]);
  const presence = Object.entries(where).map(([instanceId, sockets]) => ({ instanceId, sockets, url: instances.find((i) => i.id === instanceId)?.url ?? null }));
  return {
    ...toSummary(row, new Set(presence.length > 0 ? [userId] : [])),
    createdAt: row.created_at.toISOString(),
    presence,
    activeSessions: Number(row.sessions),
    pushSubscriptions,
  };
}

export async function signOutEverywhere(actor: AdminActor, userId: string): Promise<number> {
  return audited(async (client) => {
    const { rowCount } = await client.query("SELECT 1 FROM users WHERE id = $1", [userId]);
    if (rowCount === 0) throw new AppError("not_found", `Unknown user ${userId}`);
    const ended = await revokeUserSessions(userId, "session_revoked", client);
    return { result: ended, entry: { actor, action: "person.sign-out-everywhere", target: userId, after: { sessionsEnded: ended } } };
  });
}

export async function removePushSubscription(actor: AdminActor, userId: string, subscriptionId: string): Promise<void> {
  if (!z.uuid().safeParse(subscriptionId).success) throw new AppError("not_found", "No such push subscription");
  await audited(async (client) => {
    const { rows } = await client.query<{ endpoint: string; user_agent: string | null }>(
      "DELETE FROM push_subscriptions WHERE id = $1 AND user_id = $2 RETURNING endpoint, user_agent",
      [subscriptionId, userId],
    );
    if (!rows[0]) throw new AppError("not_found", "No such push subscription");
    const before = { id: subscriptionId, userAgent: rows[0].user_agent, endpoint: new URL(rows[0].endpoint).origin };
    return { result: undefined, entry: { actor, action: "person.push-subscription.remove", target: userId, before } };
  });
}

export async function setRole(actor: AdminActor, userId: string, role: "user" | "admin"): Promise<void> {
  await audited(async (client) => {
    const before = await changeAdminState(client, actor.userId, userId, { role });
    return { result: undefined, entry: { actor, action: "person.role", target: userId, before: { role: before.role }, after: { role } } };
  });
}

/** Disabling an admin removes one: refused for the last one, checked under the admins' lock with the change. */
export async function setDisabled(actor: AdminActor, userId: string, disabled: boolean): Promise<void> {
  if (disabled && userId === actor.userId) throw new AppError("conflict", "You cannot disable yourself");
  await audited(async (client) => {
    const before = await changeAdminState(client, actor.userId, userId, { disabled });
    const entry = { actor, action: disabled ? "person.disable" : "person.enable", target: userId, before: { disabled: before.disabled }, after: { disabled } };
    return { result: undefined, entry };
  });
}
