// The admin check for pages (server components): anonymous visitors go to the sign-in
// page, signed-in non-admins get Next's 403 page; never any admin data. Each admin page
// calls it itself, since Next renders a layout and its page in parallel.
import { forbidden, redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "../auth/session.ts";
import { AppError } from "../errors.ts";
import { requireAdmin } from "./guard.ts";

export async function requireAdminPage(): Promise<SessionUser> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  try {
    await requireAdmin(user.id);
  } catch (error) {
    if (error instanceof AppError && error.code === "forbidden") forbidden();
    throw error;
  }
  return user;
}

/** A path segment as text; one that is not valid %-encoding stays as it came. */
export function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
