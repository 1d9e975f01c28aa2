import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";

export type UserDto = { id: UserId; email: string | null; name: string | null; role: "user" | "admin"; createdAt: string };

export type UpsertUserInput = { id: UserId; email?: string | null; name?: string | null };

/** Creates or updates a user the SaaS knows, keyed by the SaaS's own id. */
export async function upsertUser(input: UpsertUserInput): Promise<{ user: UserDto; created: boolean }> {
  // undefined leaves a field as it is; null clears it.
  const fields = { email: input.email === null ? null : input.email?.toLowerCase(), name: input.name };
  try {
    const existing = await db().user.findUnique({ where: { id: input.id }, select: { id: true } });
    const user = await db().user.upsert({ where: { id: input.id }, create: { id: input.id, ...fields }, update: fields });
    return { user: toUserDto(user), created: !existing };
  } catch (error) {
    if ((error as { code?: string }).code === "P2002") {
      throw new AppError("conflict", "Another user already has this email", [{ path: "email", message: "already used by another user" }]);
    }
    throw error;
  }
}

export async function requireUser(id: UserId): Promise<UserDto> {
  const user = await db().user.findUnique({ where: { id } });
  if (!user) throw new AppError("not_found", `Unknown user ${id}`);
  return toUserDto(user);
}

/** A user who may connect: known and not disabled. */
export async function requireActiveUser(id: UserId): Promise<UserDto> {
  const user = await db().user.findUnique({ where: { id } });
  if (!user) throw new AppError("not_found", `Unknown user ${id}`);
  if (user.disabledAt) throw new AppError("forbidden", `User ${id} is disabled`);
  return toUserDto(user);
}

function toUserDto(u: { id: string; email: string | null; name: string | null; role: "user" | "admin"; createdAt: Date }): UserDto {
  return { id: u.id, email: u.email, name: u.name, role: u.role, createdAt: u.createdAt.toISOString() };
}
