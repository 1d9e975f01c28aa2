// Make or remove an admin, never leaving the deployment without one: the active admins are
// locked first, so two admins demoting each other at once cannot both succeed.
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";

/**
 * Sets the role and returns the previous one. `requireAnotherAdmin`: only check that an
 * active admin other than this person exists (before disabling them), changing nothing.
 */
export async function changeRole(userId: string, role: "user" | "admin", options: { requireAnotherAdmin?: boolean } = {}): Promise<string> {
  const client = await sql().connect();
  try {
    await client.query("BEGIN");
    const admins = await client.query<{ id: string }>("SELECT id FROM users WHERE role = 'admin' AND disabled_at IS NULL ORDER BY id FOR UPDATE");
    const target = await client.query<{ role: string }>("SELECT role::text AS role FROM users WHERE id = $1 FOR UPDATE", [userId]);
    if (!target.rows[0]) throw new AppError("not_found", `Unknown user ${userId}`);
    const others = admins.rows.filter((a) => a.id !== userId).length;
    const losesAdmin = options.requireAnotherAdmin || (role === "user" && target.rows[0].role === "admin");
    if (losesAdmin && others === 0) throw new AppError("conflict", "This is the last admin: make someone else an admin first");
    if (!options.requireAnotherAdmin) await client.query("UPDATE users SET role = $2::\"Role\", updated_at = now() WHERE id = $1", [userId, role]);
    await client.query("COMMIT");
    return target.rows[0].role;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
