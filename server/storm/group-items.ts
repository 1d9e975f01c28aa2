// Grouped inbox items: opening one (its window starts with its first notification) and
// counting one up from its parts, in place, at a new position.
import type { PoolClient } from "pg";
import { DIGEST_GROUP_KEY, NOTIFICATION_COLUMNS, type NotificationRow } from "../inbox/notification-row.ts";
import type { NotificationContent, WrittenRow } from "../notifications/write-notifications.ts";
import { actorsLine, digestTitle, groupTitle } from "./group-key.ts";

type GroupInfo = { count: number; actors: string[]; actorCount: number };

/** At most this many of the latest distinct actors are kept on an item. */
const SHOWN_ACTORS = 3;

const ITEM_COLUMNS = NOTIFICATION_COLUMNS.split(", ").map((c) => `n.${c}`).join(", ");

/** Makes just-written rows the open items of `key`; returns them by id, with the inbox state of their write. */
export async function markFreshItems(
  client: PoolClient,
  rows: WrittenRow[],
  key: string,
  windowSeconds: number,
  info: GroupInfo,
): Promise<Map<string, WrittenRow>> {
  if (rows.length === 0) return new Map();
  const { rows: marked } = await client.query<NotificationRow>({
    name: "storm-open-group",
    // A digest opens to its own page, which lists what it holds.
    text: `UPDATE notifications SET group_key = $2, group_info = $4::jsonb, window_ends_at = now() + make_interval(secs => $3),
             action_url = CASE WHEN $2 = '${DIGEST_GROUP_KEY}' THEN '/notifications/' || id ELSE action_url END
           WHERE id = ANY($1::uuid[]) RETURNING ${NOTIFICATION_COLUMNS}`,
    values: [rows.map((r) => r.id), key, windowSeconds, JSON.stringify(info)],
  });
  const written = new Map(rows.map((r) => [r.id, r]));
  return new Map(marked.map((m) => [m.id, { ...m, unread_count: written.get(m.id)!.unread_count, inbox_version: written.get(m.id)!.inbox_version }]));
}

export type ItemUpdate = { itemId: string };

type Summary = { id: string; count: number; actor_count: number; recent: string[] | null };

/**
 * Counts items up after their new parts were written: count and actors from the parts,
 * a summary title, the latest content, a new position, unread, version + 1.
 */
export async function updateItems(client: PoolClient, updates: ItemUpdate[], key: string, latest: NotificationContent): Promise<WrittenRow[]> {
  const { rows: summaries } = await client.query<Summary>({
    name: "storm-summarise-groups",
    text: `SELECT group_id AS id, count(*)::int AS count, count(DISTINCT actor)::int AS actor_count,
                  (array_agg(actor ORDER BY created_at DESC) FILTER (WHERE actor IS NOT NULL))[1:50] AS recent
           FROM (SELECT group_id, created_at,
                        coalesce(data->'actor'->>'name', CASE WHEN jsonb_typeof(data->'actor') = 'string' THEN data->>'actor' END, data->>'actorName') AS actor
                 FROM notifications WHERE group_id = ANY($1::uuid[])) p
           GROUP BY group_id`,
    values: [updates.map((u) => u.itemId)],
  });
  const digest = key === DIGEST_GROUP_KEY;
  const ids: string[] = [];
  const titles: string[] = [];
  const bodies: (string | null)[] = [];
  const infos: string[] = [];
  for (const s of summaries) {
    const actors = [...new Set(s.recent ?? [])].slice(0, SHOWN_ACTORS);
    const info: GroupInfo = { count: s.count, actors, actorCount: s.actor_count };
    ids.push(s.id);
    titles.push(digest ? digestTitle(s.count) : groupTitle(latest.type, s.count, latest.data));
    bodies.push(digest ? `Latest: ${latest.title}` : (actorsLine(actors, s.actor_count) ?? latest.body ?? null));
    infos.push(JSON.stringify(info));
  }
  const { rows } = await client.query<WrittenRow>({
    name: "storm-update-items",
    text: `WITH input AS (
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) AS t(id, title, body, info)
           ), bumped AS (
             UPDATE users u SET notification_seq = u.notification_seq + 1, inbox_version = u.inbox_version + 1,
                                unread_count = u.unread_count + CASE WHEN n.read_at IS NULL THEN 0 ELSE 1 END
             FROM input i JOIN notifications n ON n.id = i.id
             WHERE u.id = n.user_id
             RETURNING u.id, u.notification_seq, u.unread_count, u.inbox_version
           )
           UPDATE notifications n SET seq = b.notification_seq, title = i.title, body = i.body, group_info = i.info,
             data = CASE WHEN $5 THEN n.data ELSE $6::jsonb END, action_url = CASE WHEN $5 THEN n.action_url ELSE $7 END,
             read_at = NULL, created_at = now(), item_version = n.item_version + 1
           FROM input i, bumped b WHERE n.id = i.id AND b.id = n.user_id
           RETURNING ${ITEM_COLUMNS}, b.unread_count, b.inbox_version`,
    values: [ids, titles, bodies, infos, digest, JSON.stringify(latest.data ?? {}), latest.actionUrl ?? null],
  });
  return rows;
}
