// The write of a publish that storm control touches (a group key, or recipients over their
// rate limit), in the caller's transaction. The recipients' rows are locked first, in a
// fixed order, as every write to an inbox does: so the open group each publish finds is
// the one every other instance sees, and concurrent publishes to one group always meet
// on one item. For each recipient, one of:
//  - plain: a row of its own (no group key and under the limit, or in-app turned off);
//  - a fresh item: the first of its group in this window, shown at once, routed to push and
//    email like any other (the jobs read the item when they run, so a late email sums up);
//  - an update: the open item absorbs it, counts up, moves to a new position (gapless
//    catch-up), and is unread once more (the unread count rises only if it had been read).
// Every grouped notification is also stored as a part of its item (no position, read,
// stamped with the clock so parts sort in the order their locks let them in).
// An item is open while its window is, and after that for as long as it is unread, up to
// OPEN_WHILE_UNREAD_HOURS past its window: a person away for hours finds one item per group.
// A grouped publish is counted against the rate limit here, under the lock, and only for
// those it opens a new item for: an update reaches nobody anew.
import type { PoolClient } from "pg";
import { DIGEST_GROUP_KEY } from "../inbox/notification-row.ts";
import type { DispatchPlan } from "../dispatch/plan-dispatch.ts";
import { writeWithChannels } from "../notifications/write-with-channels.ts";
import { writeNotifications, type NotificationContent, type WrittenRow } from "../notifications/write-notifications.ts";
import { actorOf, digestTitle } from "./group-key.ts";
import { RATE_WINDOW_MS, rateLimiter } from "./rate-limiter.ts";
import { recordFolded } from "../observability/record.ts";
import { markFreshItems, updateItems, type ItemUpdate } from "./group-items.ts";
import type { UserId } from "../../lib/events.ts";

/** The type of a digest item (what the rate limit held back). */
export const DIGEST_TYPE = "herald.digest";

/** How long after its window an unread item still takes in its group's new notifications. */
export const OPEN_WHILE_UNREAD_HOURS = 24;

export type StormPublish = {
  recipients: UserId[];
  inApp: boolean[];
  content: NotificationContent;
  plan: DispatchPlan;
  groupKey: string | undefined;
  windowSeconds: number;
  /** The per-person limit this publish counts against; 0: it is not counted (critical, or the limit is off). */
  rateLimit: number;
  /** Those over their limit this minute. */
  limited: Set<UserId>;
  /** Those it was counted for so far: given back if the publish fails. */
  counted: UserId[];
};

/** One recipient's outcome: the inbox item to announce, and the id of the row holding this publish. */
export type WrittenItem = { row: WrittenRow; event: "notification:new" | "notification:updated"; storedId: string };

type Open = { id: string };

/** Null when a recipient is unknown (nothing written). */
export async function writeStorm(client: PoolClient, p: StormPublish): Promise<WrittenItem[] | null> {
  const locked = await client.query({
    name: "storm-lock-recipients",
    text: "SELECT id FROM users WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE",
    values: [p.recipients],
  });
  if (locked.rowCount !== p.recipients.length) return null;
  // A grouped publish may yet find someone over their limit: their digest is looked up too.
  const mayDigest = p.limited.size > 0 || (p.groupKey !== undefined && p.rateLimit > 0);
  const keys = [p.groupKey, mayDigest ? DIGEST_GROUP_KEY : undefined].filter((k): k is string => k !== undefined);
  const open = await openItems(client, p.recipients.filter((_, i) => p.inApp[i]), keys);
  if (p.groupKey !== undefined && p.rateLimit > 0) {
    // Counted only where it opens an item; under the lock, so in the order the writes go.
    const opening = p.recipients.filter((u, i) => p.inApp[i] && !open.has(`${u}\u0000${p.groupKey}`));
    if (opening.length > 0) {
      p.counted.push(...opening);
      p.limited = await rateLimiter().take(opening, p.rateLimit);
    }
  }

  const plain: UserId[] = [];
  const plainInApp: boolean[] = [];
  const freshGroup: UserId[] = [];
  const freshDigest: UserId[] = [];
  const updates = new Map<string, { userId: UserId; itemId: string }[]>();
  const addUpdate = (key: string, userId: UserId, item: Open) => updates.set(key, [...(updates.get(key) ?? []), { userId, itemId: item.id }]);
  p.recipients.forEach((u, i) => {
    if (!p.inApp[i]) return void (plain.push(u), plainInApp.push(false));
    const limited = p.limited.has(u);
    if (p.groupKey !== undefined) {
      // Over the limit but its group is open: counting up an item adds no item.
      const item = open.get(`${u}\u0000${p.groupKey}`);
      if (item) return addUpdate(p.groupKey, u, item);
      if (!limited) return void freshGroup.push(u);
    }
    if (limited) {
      const digest = open.get(`${u}\u0000${DIGEST_GROUP_KEY}`);
      return digest ? addUpdate(DIGEST_GROUP_KEY, u, digest) : void freshDigest.push(u);
    }
    plain.push(u);
    plainInApp.push(true);
  });

  const results: WrittenItem[] = [];
  const parts: { userId: UserId; itemId: string; key: string }[] = [];
  const actor = actorOf(p.content.data);
  const firstInfo = { count: 1, actors: actor ? [actor] : [], actorCount: actor ? 1 : 0 };

  const direct = [...plain, ...freshGroup];
  if (direct.length > 0) {
    const rows = await writeWithChannels(client, direct, [...plainInApp, ...freshGroup.map(() => true)], p.content, p.plan);
    const grouped = new Set(freshGroup);
    const marked = await markFreshItems(client, rows.filter((r) => grouped.has(r.user_id)), p.groupKey!, p.windowSeconds, firstInfo);
    for (const row of rows) {
      const item = marked.get(row.id) ?? row;
      results.push({ row: item, event: "notification:new", storedId: row.id });
      if (grouped.has(row.user_id)) parts.push({ userId: row.user_id, itemId: row.id, key: p.groupKey! });
    }
  }
  if (freshDigest.length > 0) {
    const digest = { type: DIGEST_TYPE, title: digestTitle(1), body: p.content.title, data: {} };
    const rows = await writeNotifications(client, freshDigest, freshDigest.map(() => true), digest);
    const marked = await markFreshItems(client, rows, DIGEST_GROUP_KEY, RATE_WINDOW_MS / 1000, firstInfo);
    for (const row of rows) {
      results.push({ row: marked.get(row.id)!, event: "notification:new", storedId: row.id });
      parts.push({ userId: row.user_id, itemId: row.id, key: DIGEST_GROUP_KEY });
    }
  }
  for (const [key, list] of updates) for (const u of list) parts.push({ ...u, key });
  const partIds = await insertParts(client, parts, p.content);
  const toDigest = parts.filter((x) => x.key === DIGEST_GROUP_KEY).length;
  recordFolded("digest", toDigest);
  recordFolded("group", parts.length - toDigest);
  // A grouped recipient's own notification is its part; the item is what the inbox shows.
  for (const r of results) r.storedId = partIds.get(r.row.user_id) ?? r.storedId;
  for (const [key, list] of updates) {
    const updated = await updateItems(client, list.map((u): ItemUpdate => ({ itemId: u.itemId })), key, p.content);
    for (const row of updated) results.push({ row, event: "notification:updated", storedId: partIds.get(row.user_id)! });
  }
  return results;
}

async function openItems(client: PoolClient, userIds: UserId[], keys: string[]): Promise<Map<string, Open>> {
  if (keys.length === 0 || userIds.length === 0) return new Map();
  const { rows } = await client.query<{ id: string; user_id: string; group_key: string }>({
    name: "storm-open-items",
    text: `SELECT DISTINCT ON (user_id, group_key) id, user_id, group_key FROM notifications
           WHERE user_id = ANY($1::text[]) AND group_key = ANY($2::text[]) AND group_id IS NULL
             AND (window_ends_at > now() OR (read_at IS NULL AND window_ends_at > now() - make_interval(hours => ${OPEN_WHILE_UNREAD_HOURS})))
           ORDER BY user_id, group_key, window_ends_at DESC`,
    values: [userIds, keys],
  });
  return new Map(rows.map((r) => [`${r.user_id}\u0000${r.group_key}`, { id: r.id }]));
}

async function insertParts(client: PoolClient, parts: { userId: UserId; itemId: string; key: string }[], c: NotificationContent) {
  if (parts.length === 0) return new Map<UserId, string>();
  const { rows } = await client.query<{ id: string; user_id: string }>({
    name: "storm-insert-parts",
    text: `INSERT INTO notifications (id, user_id, seq, type, title, body, data, action_url, read_at, created_at, group_key, group_id, api_key_id)
           SELECT gen_random_uuid(), t.user_id, NULL, $4, $5, $6, $7::jsonb, $8, now(), clock_timestamp(), t.group_key, t.item_id, $9::uuid
           FROM unnest($1::text[], $2::uuid[], $3::text[]) AS t(user_id, item_id, group_key)
           RETURNING id, user_id`,
    values: [parts.map((x) => x.userId), parts.map((x) => x.itemId), parts.map((x) => x.key), c.type, c.title, c.body ?? null, JSON.stringify(c.data ?? {}), c.actionUrl ?? null, c.apiKeyId ?? null],
  });
  return new Map(rows.map((r) => [r.user_id, r.id]));
}
