// The one admin check. Every admin /api/v1 route (auth: "admin" in server/http/caller.ts)
// and every admin page (requireAdminPage) goes through requireAdmin: the role is read from
// the database on every request, so a removed admin loses access at once.
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";

export type AdminId = UserId;

/**
 * The admin making a change, as the audit log records them: who, and how they came. The
 * admin API takes only a session cookie (server/http/caller.ts), so always a session.
 */
export type AdminActor = { userId: AdminId; via: "session"; sessionId: string };

/** Throws 403 unless this active user is an admin. */
export async function requireAdmin(userId: UserId): Promise<AdminId> {
  const { rows } = await sql().query<{ role: string; disabled_at: Date | null }>({
    name: "admin-role",
    text: "SELECT role::text AS role, disabled_at FROM users WHERE id = $1",
    values: [userId],
  });
  const user = rows[0];
  if (!user || user.disabled_at !== null || user.role !== "admin") {
    throw new AppError("forbidden", "Only admins may do this");
  }
  return userId;
}
