// Demo people for a first run (README lists them). Idempotent: existing users keep
// their passwords and data.
import { db } from "../server/db/index.ts";
import { hashPassword } from "../server/auth/password.ts";

export const DEMO_USERS = [
  { id: "admin", email: "admin@herald.local", name: "Ada Admin", role: "admin", password: "herald-admin" },
  { id: "alice", email: "alice@herald.local", name: "Alice Park", role: "user", password: "herald-alice" },
  { id: "bob", email: "bob@herald.local", name: "Bob Okafor", role: "user", password: "herald-bob" },
  { id: "carol", email: "carol@herald.local", name: "Carol Diaz", role: "user", password: "herald-carol" },
] as const;

export async function seedDemoData(): Promise<number> {
  let created = 0;
  for (const u of DEMO_USERS) {
    const exists = await db().user.findUnique({ where: { id: u.id }, select: { id: true } });
    if (exists) continue;
    const passwordHash = await hashPassword(u.password);
    await db().user.create({ data: { id: u.id, email: u.email, name: u.name, role: u.role, passwordHash } });
    created++;
  }
  return created;
}
