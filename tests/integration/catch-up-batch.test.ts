// The catch-ups asked in one turn share one statement (server/inbox/catch-up.ts), against a
// real PostgreSQL: each still gets exactly its own person's missed notifications, state and
// summary, whatever else is in the statement.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { sql } from "../../server/db/index.ts";
import { catchUp } from "../../server/inbox/catch-up.ts";
import { upsertUser } from "../../server/users/upsert-user.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
const LIMIT = 5;
/** Person i has i notifications, at positions 1..i. */
const PEOPLE = Array.from({ length: 12 }, (_, i) => ({ id: `catch-up-${i}`, count: i }));

beforeAll(async () => {
  database = await createTestDatabase();
  for (const p of PEOPLE) await upsertUser({ id: p.id });
  for (const p of PEOPLE) {
    await sql().query("UPDATE users SET notification_seq = $2::int, unread_count = $2::int, inbox_version = $2::int WHERE id = $1", [p.id, p.count]);
    await sql().query(
      `INSERT INTO notifications (id, user_id, seq, type, title, data)
       SELECT gen_random_uuid(), $1, s, 'test', $1 || ' #' || s, '{}'::jsonb FROM generate_series(1, $2::int) s`,
      [p.id, p.count],
    );
  }
});

afterAll(async () => {
  await database?.drop();
});

it("answers the catch-ups of one turn with one statement, each with its own person's items and state", async () => {
  const query = vi.spyOn(sql(), "query");
  try {
    const asked = [
      ...PEOPLE.map((p) => ({ id: p.id, lastSeq: 1 })),
      { id: PEOPLE[3].id, lastSeq: 0 }, // the same person twice, from another position
      { id: "nobody", lastSeq: 0 },
    ];
    const answers = await Promise.all(asked.map((a) => catchUp(a.id, { lastSeq: a.lastSeq, lastVersion: a.lastSeq }, LIMIT)));
    const statements = query.mock.calls.filter(([config]) => (config as { name?: string }).name === "catch-up");
    expect(statements).toHaveLength(1);

    PEOPLE.forEach((p, i) => {
      const answer = answers[i];
      const missed = Math.max(0, p.count - 1);
      expect(answer.latestSeq).toBe(p.count);
      expect(answer.unreadCount).toBe(p.count);
      expect(answer.missedCount).toBe(missed);
      if (missed > LIMIT) {
        expect(answer.missed).toBeNull();
        expect(answer.reload).toBe(true);
      } else {
        expect(answer.missed?.map((n) => n.title)).toEqual(Array.from({ length: missed }, (_, k) => `${p.id} #${k + 2}`));
        expect(answer.reload).toBe(false);
      }
    });
    expect(answers[PEOPLE.length].missed?.map((n) => n.seq)).toEqual([1, 2, 3]);
    expect(answers[PEOPLE.length + 1]).toMatchObject({ missed: [], missedCount: 0, latestSeq: 0, unreadCount: 0, reload: false });
  } finally {
    query.mockRestore();
  }
});

it("fails only the turn's catch-ups when the statement fails, and serves the next turn", async () => {
  const query = vi.spyOn(sql(), "query").mockRejectedValueOnce(new Error("connection lost"));
  try {
    const failed = await Promise.allSettled([catchUp(PEOPLE[2].id, { lastSeq: 0 }, LIMIT), catchUp(PEOPLE[4].id, { lastSeq: 0 }, LIMIT)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    const next = await catchUp(PEOPLE[2].id, { lastSeq: 0 }, LIMIT);
    expect(next.missed?.map((n) => n.seq)).toEqual([1, 2]);
  } finally {
    query.mockRestore();
  }
});
