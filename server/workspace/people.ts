// The workspace's people: everyone Herald knows who is not disabled. Anyone of them can be
// assigned a task or mentioned; their handle is their id (see mentions.ts).
import { db } from "../db/index.ts";
import { AppError } from "../errors.ts";
import type { UserId } from "../../lib/events.ts";

export type PersonRef = { id: UserId; name: string };

/** The picker and the mention list show at most this many people. */
export const PEOPLE_LIMIT = 200;

const personSelect = { id: true, name: true, email: true } as const;
type PersonRow = { id: string; name: string | null; email: string | null };

/** What a person is called on the page: their name, else their email, else their id. */
export const toPersonRef = (row: PersonRow): PersonRef => ({ id: row.id, name: row.name?.trim() || row.email || row.id });

export async function listPeople(): Promise<PersonRef[]> {
  const rows = await db().user.findMany({
    where: { disabledAt: null },
    select: personSelect,
    orderBy: [{ name: "asc" }, { id: "asc" }],
    take: PEOPLE_LIMIT,
  });
  return rows.map(toPersonRef);
}

/** The people these handles name (case-insensitive), ignoring handles that name nobody. */
export async function resolveHandles(handles: string[]): Promise<PersonRef[]> {
  if (handles.length === 0) return [];
  const rows = await db().user.findMany({
    where: { disabledAt: null, OR: handles.map((h) => ({ id: { equals: h, mode: "insensitive" as const } })) },
    select: personSelect,
  });
  return rows.map(toPersonRef);
}

/** A person who may be assigned a task, or a 422 on `field`. */
export async function requirePerson(id: UserId, field: string): Promise<PersonRef> {
  const row = await db().user.findFirst({ where: { id, disabledAt: null }, select: personSelect });
  if (!row) throw new AppError("validation_failed", "The request is not valid", [{ path: field, message: "No such person in this workspace" }]);
  return toPersonRef(row);
}

/** The signed-in person acting (their current name, for notifications). */
export async function loadActor(id: UserId): Promise<PersonRef> {
  const row = await db().user.findUnique({ where: { id }, select: personSelect });
  if (!row) throw new AppError("unauthorized", "Sign in again");
  return toPersonRef(row);
}
