// The signed-in person, for server components and route handlers.
import { getServerSession } from "next-auth";
import { getAuthOptions } from "./auth-options.ts";

export type SessionUser = { id: string; email: string | null; name: string | null; role: "user" | "admin" };

export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getServerSession(getAuthOptions());
  const user = session?.user as Partial<SessionUser> | undefined;
  if (!user?.id) return null;
  return { id: user.id, email: user.email ?? null, name: user.name ?? null, role: user.role ?? "user" };
}
