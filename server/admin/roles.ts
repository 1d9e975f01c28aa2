// Make or remove an admin, disable or enable a person, never leaving the deployment without
// an active admin. Inside the caller's transaction the active admins' rows are locked first,
// then the check and the change are made under that lock: two admins disabling each other
// at once, or a disable racing a self-demotion, are run one after the other, and the second
// sees what the first did (FOR UPDATE re-reads a row another transaction changed).
import type { PoolClient } from "pg";
import { AppError } from "../errors.ts";
import { setUserDisabled } from "../users/disable-user.ts";
import type { AdminId } from "./guard.ts";

export type Role = "user" | "admin";
export type AdminState = { role: Role; disabled: boolean };

export const LAST_ADMIN = "This is the last admin: make someone else an admin first";

/**
 * Changes a person's role and/or disabled flag with `client` (in a transaction the caller
 * commits) and returns their state before. Refused with 409 when it would leave no active
 * admin, and with 403 when the actor is no longer an active admin by the time the lock is
 * theirs (another admin removed them a moment ago).
 */
export async function changeAdminState(client: PoolClient, actor: AdminId, userId: string, change: Partial<AdminState>): Promise<AdminState> {
  const admins = await client.query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE");
  const { rows } = await client.query<{ role: Role; disabled_at: Date | null }>("SELECT role::text AS role, disabled_at FROM users WHERE id = $1 FOR UPDATE", [userId]);
  if (!rows[0]) throw new AppError("not_found", `Unknown user ${userId}`);
  const before: AdminState = { role: rows[0].role, disabled: rows[0].disabled_at !== null };
  const after: AdminState = { role: change.role ?? before.role, disabled: change.disabled ?? before.disabled };
  const activeAdmin = (s: AdminState) => s.role === "admin" && !s.disabled;
  const others = admins.rows.filter((a) => a.id !== userId).length;
  if (activeAdmin(before) && !activeAdmin(after) && others === 0) throw new AppError("conflict", LAST_ADMIN);
  if (!admins.rows.some((a) => a.id === actor)) throw new AppError("forbidden", "Only admins may do this");
  if (after.role !== before.role) await client.query('UPDATE users SET role = $2::"Role", updated_at = now() WHERE id = $1', [userId, after.role]);
  if (after.disabled !== before.disabled) await setUserDisabled(userId, after.disabled, client);
  return before;
}
