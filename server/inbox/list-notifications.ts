// The feed: newest first, keyset-paginated on the per-user position. Positions are
// committed in order, so notifications that arrive while a client pages always land
// above the first page, never inside pages it has yet to read.
import { z } from "zod";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { NOTIFICATION_COLUMNS, rowToDto, type NotificationRow } from "./notification-row.ts";
import type { NotificationDto, UserId } from "../../lib/events.ts";

export const MAX_PAGE_SIZE = 100;

export const listNotificationsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(20),
  cursor: z.string().max(100).optional(),
  status: z.enum(["all", "unread"]).default("all"),
  type: z.string().min(1).max(100).optional(),
});

export type ListNotificationsInput = z.infer<typeof listNotificationsQuery>;
export type NotificationPage = { items: NotificationDto[]; nextCursor: string | null };

export async function listNotifications(userId: UserId, input: ListNotificationsInput): Promise<NotificationPage> {
  const before = input.cursor === undefined ? null : decodeCursor(input.cursor);
  const { rows } = await sql().query<NotificationRow>(feedStatement(userId, input, before));
  const items = rows.slice(0, input.limit).map(rowToDto);
  const nextCursor = rows.length > input.limit ? encodeCursor(items[items.length - 1].seq) : null;
  return { items, nextCursor };
}

/**
 * One named statement per shape (cursor or not, unread or not, typed or not): each then
 * has a plan that keeps every condition inside the index scan, also once PostgreSQL
 * switches a prepared statement to its generic plan. Exported for the benchmark's EXPLAIN.
 */
export function feedStatement(userId: UserId, input: ListNotificationsInput, before: string | null) {
  // Rows without a position (in-app turned off for their type) are never in the feed.
  const conditions = ["user_id = $1", "seq IS NOT NULL"];
  const values: unknown[] = [userId, input.limit + 1];
  if (before !== null) conditions.push(`seq < $${values.push(before)}`);
  if (input.status === "unread") conditions.push("read_at IS NULL");
  if (input.type) conditions.push(`type = $${values.push(input.type)}`);
  return {
    name: `list-notifications:${before !== null ? "after" : "first"}:${input.status}:${input.type ? "typed" : "any"}`,
    text: `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE ${conditions.join(" AND ")} ORDER BY seq DESC LIMIT $2`,
    values,
  };
}

// Opaque to clients, so the key can change without breaking them.
export const encodeCursor = (seq: number) => Buffer.from(`s${seq}`).toString("base64url");

function decodeCursor(cursor: string): string {
  const decoded = Buffer.from(cursor, "base64url").toString();
  if (!/^s\d{1,18}$/.test(decoded)) {
    throw new AppError("validation_failed", "The request is not valid", [{ path: "cursor", message: "not a cursor this API issued" }]);
  }
  return decoded.slice(1);
}
