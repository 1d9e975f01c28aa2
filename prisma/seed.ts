// Demo people, notification types and workspace tasks for a first run (README lists them). Idempotent: existing users keep
// their passwords and data.
import { db } from "../server/db/index.ts";
import { hashPassword } from "../server/auth/password.ts";
import { withDefaults, type TypeDefinitionInput } from "../server/types/type-definition.ts";
import { createTypeIfMissing } from "../server/types/type-registry.ts";
import { seedDemoWorkspace } from "./seed-workspace.ts";

export const DEMO_USERS = [
  { id: "admin", email: "admin@herald.local", name: "Ada Admin", role: "admin", password: "herald-admin" },
  { id: "alice", email: "alice@herald.local", name: "Alice Park", role: "user", password: "herald-alice" },
  { id: "bob", email: "bob@herald.local", name: "Bob Okafor", role: "user", password: "herald-bob" },
  { id: "carol", email: "carol@herald.local", name: "Carol Diaz", role: "user", password: "herald-carol" },
] as const;

/** The demo workspace's types: comments, mentions, assignments, and a critical announcement. */
export const DEMO_TYPES: [string, TypeDefinitionInput][] = [
  ["comment.created", { displayName: "New comments", description: "Someone commented on a task you follow.", priority: "normal", defaultChannels: ["in_app", "push"], critical: false, batchWindowSeconds: 120 }],
  ["comment.mention", { displayName: "Mentions", description: "Someone mentioned you in a comment.", priority: "high", critical: false, batchWindowSeconds: 120 }],
  ["task.assigned", { displayName: "Task assignments", description: "A task was assigned to you.", priority: "high", critical: false, batchWindowSeconds: 120 }],
  ["system.announcement", { displayName: "Announcements", description: "Service announcements from the workspace's admins.", priority: "normal", defaultChannels: ["in_app", "email"], emailAfterSeconds: 3600, critical: true, batchWindowSeconds: 0 }],
];

export async function seedDemoData(): Promise<number> {
  let created = 0;
  for (const u of DEMO_USERS) {
    const exists = await db().user.findUnique({ where: { id: u.id }, select: { id: true } });
    if (exists) continue;
    const passwordHash = await hashPassword(u.password);
    await db().user.create({ data: { id: u.id, email: u.email, name: u.name, role: u.role, passwordHash } });
    created++;
  }
  for (const [type, input] of DEMO_TYPES) if (await createTypeIfMissing(type, withDefaults(type, input))) created++;
  created += await seedDemoWorkspace();
  return created;
}
