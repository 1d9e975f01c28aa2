// Retention: notifications older than maxAgeDays are deleted, and each user keeps at most
// maxPerUser of them, the newest by position (`seq`). Run by the retention.sweep job
// (server/jobs/), or directly. Like every inbox change it goes through changeInbox: one
// user and at most DELETE_CHUNK rows per transaction, so a huge backlog never becomes one
// giant transaction, the unread count stays exact, and open clients hear
// notification:cleared for what went.
import { getConfig } from "../config/index.ts";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { emitUserEvents } from "../events/user-events.ts";
import { changeInbox } from "./change-inbox.ts";
import type { UserId } from "../../lib/events.ts";

/** Candidate users are read in pages of this many. */
export const USER_BATCH = 500;
/** At most this many rows are deleted (and announced) per transaction. */
export const DELETE_CHUNK = 1000;

const DAY_MS = 86_400_000;

export type RetentionOptions = {
  now?: Date;
  maxAgeDays?: number;
  maxPerUser?: number;
  /** Stops between users (and between chunks) once aborted; what was done is reported. */
  signal?: AbortSignal;
};

export type RetentionResult = { usersTrimmed: number; deleted: number };

// Users with rows past the age limit (the BRIN index on created_at finds them), by id.
const AGED_USERS = {
  name: "retention-aged-users",
  text: `SELECT DISTINCT user_id AS id FROM notifications
         WHERE created_at < $1 AND user_id > $2 ORDER BY user_id LIMIT $3`,
};

// Users who can be over the cap: more positions than the cap ever taken, and at least one
// new notification since retention last trimmed them (then they had at most the cap).
const OVER_CAP_USERS = {
  name: "retention-over-cap-users",
  text: `SELECT id FROM users
         WHERE notification_seq > $1 AND notification_seq - retention_seq >= 1 AND id > $2
         ORDER BY id LIMIT $3`,
};

// The oldest rows of one user that break either rule, at most $4 of them.
const DELETE_EXPIRED = `
  DELETE FROM notifications WHERE user_id = $1 AND id IN (
    SELECT id FROM notifications
    WHERE user_id = $1
      AND (created_at < $2
           OR seq <= (SELECT seq FROM notifications WHERE user_id = $1 AND seq IS NOT NULL ORDER BY seq DESC OFFSET $3 LIMIT 1))
    ORDER BY seq
    LIMIT $4)
  RETURNING id, read_at IS NULL AS was_unread`;

export async function enforceRetention(options: RetentionOptions = {}): Promise<RetentionResult> {
  const maxAgeDays = options.maxAgeDays ?? getConfig().retention.maxAgeDays;
  const maxPerUser = options.maxPerUser ?? getConfig().retention.maxPerUser;
  const cutoff = new Date((options.now ?? new Date()).getTime() - maxAgeDays * DAY_MS);
  const { signal } = options;
  const total: RetentionResult = { usersTrimmed: 0, deleted: 0 };

  // Each trim applies both rules and records retention_seq, so a user trimmed for age is
  // no longer an over-cap candidate when the second pass reaches them.
  for (const [query, first] of [
    [AGED_USERS, cutoff],
    [OVER_CAP_USERS, maxPerUser],
  ] as const) {
    for await (const userId of candidates(query, first)) {
      if (signal?.aborted) return total;
      const deleted = await trimUser(userId, cutoff, maxPerUser, signal);
      if (deleted > 0) {
        total.usersTrimmed += 1;
        total.deleted += deleted;
      }
    }
  }
  return total;
}

async function* candidates(query: { name: string; text: string }, first: Date | number): AsyncGenerator<UserId> {
  let after = "";
  for (;;) {
    const { rows } = await sql().query<{ id: string }>({ ...query, values: [first, after, USER_BATCH] });
    for (const row of rows) yield row.id;
    if (rows.length < USER_BATCH) return;
    after = rows[rows.length - 1].id;
  }
}

/** Deletes what one user keeps past the limits, chunk by chunk; returns how many rows went. */
async function trimUser(userId: UserId, cutoff: Date, maxPerUser: number, signal?: AbortSignal): Promise<number> {
  let deleted = 0;
  for (;;) {
    let outcome;
    try {
      outcome = await changeInbox(userId, async (client, latestSeq) => {
        const { rows } = await client.query<{ id: string; was_unread: boolean }>({
          name: "retention-delete",
          text: DELETE_EXPIRED,
          values: [userId, cutoff, maxPerUser, DELETE_CHUNK],
        });
        const done = rows.length < DELETE_CHUNK;
        if (done) {
          // Nothing is left over the limits up to latestSeq (the lock keeps publishes out), so
          // the user cannot be over the cap again before their next notification.
          await client.query({
            name: "retention-mark",
            text: "UPDATE users SET retention_seq = $2 WHERE id = $1 AND retention_seq <> $2",
            values: [userId, latestSeq],
          });
        }
        return {
          result: { ids: rows.map((r) => r.id), done },
          unreadDelta: -rows.filter((r) => r.was_unread).length,
          changed: rows.length > 0,
        };
      });
    } catch (error) {
      // Deleted meanwhile: their notifications went with them (ON DELETE CASCADE).
      if (error instanceof AppError && error.code === "not_found") return deleted;
      throw error;
    }
    const { result, state, changed } = outcome;
    if (changed) emitUserEvents([{ userId, event: "notification:cleared", payload: { ids: result.ids, ...state } }]);
    deleted += result.ids.length;
    if (result.done || signal?.aborted) return deleted;
  }
}
