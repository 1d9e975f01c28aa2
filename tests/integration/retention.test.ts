// Retention: rows past the age limit and over the per-user cap are deleted through the
// inbox (exact unread counts, notification:cleared), directly and by the durable
// retention.sweep job of a real server.
import PgBoss from "pg-boss";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "../../server/db/index.ts";
import { onUserEvents, type UserEvent } from "../../server/events/user-events.ts";
import { DELETE_CHUNK, enforceRetention } from "../../server/inbox/enforce-retention.ts";
import { markRead } from "../../server/inbox/read-state.ts";
import { JOBS_SCHEMA } from "../../server/jobs/queue.ts";
import { retentionSweep } from "../../server/jobs/definitions/retention-sweep.ts";
import { publishNotification } from "../../server/notifications/publish-notification.ts";
import { apiClient, collect, connectSocket, createUsers, eventually, waitFor, type TestSocket } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

const DAY_MS = 86_400_000;
const limits = { maxAgeDays: 90, maxPerUser: 1000 };

/** Publishes `count` notifications to one user, one at a time; returns their ids, oldest first. */
async function publishMany(userId: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const [published] = await publishNotification({ recipients: [userId], type: "t", title: `n${i + 1}` });
    ids.push(published.notification.id);
  }
  return ids;
}

type Inbox = { rows: number; unreadRows: number; unreadCount: number; version: number; notificationSeq: number; retentionSeq: number; seqs: number[] };

async function inbox(userId: string): Promise<Inbox> {
  const { rows } = await sql().query(
    `SELECT u.unread_count, u.inbox_version, u.notification_seq, u.retention_seq,
            (SELECT count(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread_rows,
            (SELECT coalesce(array_agg(n.seq ORDER BY n.seq), '{}') FROM notifications n WHERE n.user_id = u.id) AS seqs
     FROM users u WHERE u.id = $1`,
    [userId],
  );
  const r = rows[0];
  const seqs = (r.seqs as string[]).map(Number);
  return {
    rows: seqs.length,
    unreadRows: Number(r.unread_rows),
    unreadCount: r.unread_count,
    version: Number(r.inbox_version),
    notificationSeq: Number(r.notification_seq),
    retentionSeq: Number(r.retention_seq),
    seqs,
  };
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/** Marks every `n`th of these notifications read, so deletions hit read and unread rows. */
async function markEveryNthRead(userId: string, ids: string[], n: number): Promise<void> {
  await markRead(userId, { ids: ids.filter((_, i) => i % n === 0) });
}

describe("enforceRetention", () => {
  let database: TestDatabase | undefined;
  let events: UserEvent[] = [];
  let stopListening = () => {};

  beforeAll(() => {
    stopListening = onUserEvents((batch) => events.push(...batch));
  });
  // A sweep covers every user in the database: each test gets a database of its own.
  beforeEach(async () => {
    database = await createTestDatabase();
  });
  afterEach(async () => {
    events = [];
    await database?.drop();
    database = undefined;
  });
  afterAll(() => stopListening());

  const clearedFor = (userId: string) =>
    events.filter((e): e is Extract<UserEvent, { event: "notification:cleared" }> => e.userId === userId && e.event === "notification:cleared");

  it("keeps each user's newest maxPerUser notifications and keeps the unread count exact", async () => {
    await createUsers("ann", "abe");
    const ids = await publishMany("ann", 1030);
    await publishMany("abe", 20);
    await markEveryNthRead("ann", ids, 3);
    const before = await inbox("ann");
    expect(before.rows).toBe(1030);
    expect(before.unreadCount).toBe(1030 - 344);
    const abeBefore = await inbox("abe");
    events = [];

    expect(await enforceRetention(limits)).toEqual({ usersTrimmed: 1, deleted: 30 });

    const after = await inbox("ann");
    expect(after.seqs).toEqual(range(31, 1030));
    expect(after.unreadCount).toBe(after.unreadRows);
    expect(after.unreadCount).toBe(before.unreadCount - 20); // 10 of the oldest 30 were read
    expect(after.version).toBe(before.version + 1);
    expect(after.retentionSeq).toBe(1030);
    expect(await inbox("abe")).toEqual(abeBefore);

    const cleared = clearedFor("ann");
    expect(cleared).toHaveLength(1);
    expect(new Set(cleared[0].payload.ids)).toEqual(new Set(ids.slice(0, 30)));
    expect(cleared[0].payload).toMatchObject({ unreadCount: after.unreadCount, version: after.version });
    expect(events.filter((e) => e.userId !== "ann")).toEqual([]);

    // Trimmed users are not candidates again until they get a new notification.
    expect(await enforceRetention(limits)).toEqual({ usersTrimmed: 0, deleted: 0 });
    expect((await inbox("ann")).version).toBe(after.version);
    await publishMany("ann", 2);
    expect(await enforceRetention(limits)).toEqual({ usersTrimmed: 1, deleted: 2 });
    const again = await inbox("ann");
    expect(again.seqs).toEqual(range(33, 1032));
    expect(again.unreadCount).toBe(again.unreadRows);
  });

  it("deletes notifications older than maxAgeDays for every user", async () => {
    await createUsers("bea", "cy", "dee", "fay");
    for (const userId of ["bea", "cy", "dee", "fay"]) await markEveryNthRead(userId, await publishMany(userId, 10), 2);
    await sql().query(
      `UPDATE notifications SET created_at = now() - make_interval(days => CASE user_id WHEN 'dee' THEN 89 ELSE 100 END)
       WHERE user_id IN ('bea', 'cy', 'dee') AND seq <= 4`,
    );
    const before = { bea: await inbox("bea"), cy: await inbox("cy"), dee: await inbox("dee"), fay: await inbox("fay") };

    expect(await enforceRetention(limits)).toEqual({ usersTrimmed: 2, deleted: 8 });

    for (const userId of ["bea", "cy"] as const) {
      const after = await inbox(userId);
      expect(after.seqs).toEqual(range(5, 10));
      expect(after.unreadCount).toBe(after.unreadRows);
      expect(after.unreadCount).toBe(before[userId].unreadCount - 2); // seqs 1 and 3 were read
      expect(after.version).toBe(before[userId].version + 1);
      expect(clearedFor(userId)).toHaveLength(1);
    }
    // 89 days old is within the limit; other users are left alone.
    expect(await inbox("dee")).toEqual(before.dee);
    expect(await inbox("fay")).toEqual(before.fay);
    expect(clearedFor("dee")).toEqual([]);

    // Two days later they are past it.
    expect(await enforceRetention({ ...limits, now: new Date(Date.now() + 2 * DAY_MS) })).toEqual({ usersTrimmed: 1, deleted: 4 });
    const dee = await inbox("dee");
    expect(dee.seqs).toEqual(range(5, 10));
    expect(dee.unreadCount).toBe(dee.unreadRows);
  });

  it("trims a large backlog in bounded transactions, each one announced", async () => {
    await createUsers("eve");
    const ids = await publishMany("eve", DELETE_CHUNK + 100);
    await markEveryNthRead("eve", ids, 4);
    const before = await inbox("eve");
    events = [];

    const result = await enforceRetention({ ...limits, maxPerUser: 50 });
    expect(result.deleted).toBe(DELETE_CHUNK + 50);
    expect(result.usersTrimmed).toBe(1);

    const after = await inbox("eve");
    expect(after.seqs).toEqual(range(DELETE_CHUNK + 51, DELETE_CHUNK + 100));
    expect(after.unreadCount).toBe(after.unreadRows);
    expect(after.version).toBe(before.version + 2);
    const cleared = clearedFor("eve");
    expect(cleared.map((e) => e.payload.ids.length)).toEqual([DELETE_CHUNK, 50]);
    expect(cleared.map((e) => e.payload.version)).toEqual([before.version + 1, before.version + 2]);
    expect(new Set(cleared.flatMap((e) => e.payload.ids))).toEqual(new Set(ids.slice(0, DELETE_CHUNK + 50)));
    expect(cleared[1].payload.unreadCount).toBe(after.unreadCount);
  });
});

describe("the retention.sweep job", () => {
  // A cron that does not fire during the test: the sweep runs only when the test sends it.
  const CRON = "0 0 1 1 *";
  let database: TestDatabase;
  let server: HeraldProcess;
  let boss: PgBoss;
  let socket: TestSocket | undefined;
  const env = () => ({ DATABASE_URL: database.url, RETENTION_MAX_PER_USER: "50", RETENTION_SWEEP_CRON: CRON });

  beforeAll(async () => {
    database = await createTestDatabase();
    server = await startHerald(env());
    // A client of the server's queue, to send jobs as the cron would.
    boss = new PgBoss({ connectionString: database.url, schema: JOBS_SCHEMA, max: 1, migrate: false, supervise: false, schedule: false });
    boss.on("error", () => {});
    await boss.start();
  });
  afterAll(async () => {
    socket?.close();
    await boss?.stop({ graceful: false });
    await server?.stop();
    await database?.drop();
  });

  it("is scheduled by the server and, when sent, trims users to the cap through their inbox", async () => {
    const { rows: schedules } = await sql().query(`SELECT name, cron FROM ${JOBS_SCHEMA}.schedule WHERE name = $1`, [retentionSweep.name]);
    expect(schedules).toEqual([{ name: retentionSweep.name, cron: CRON }]);

    await createUsers("carol");
    const ids = await publishMany("carol", 80);
    await markEveryNthRead("carol", ids, 2);
    const api = await apiClient(server.url);
    const { body } = await api.request("POST", "/api/v1/users/carol/token");
    socket = await connectSocket(server.url, { token: body.token });
    const cleared = collect(socket, "notification:cleared");
    expect((await inbox("carol")).rows).toBe(80);

    const jobId = await boss.send(retentionSweep.name, {});
    expect(jobId).toBeTruthy();

    const state = await eventually(async () => {
      const now = await inbox("carol");
      return now.rows === 50 && now;
    }, 10_000);
    expect(state.seqs).toEqual(range(31, 80));
    expect(state.unreadCount).toBe(state.unreadRows);
    expect(state.unreadCount).toBe(25);
    expect(state.retentionSeq).toBe(80);

    const events = await waitFor(() => cleared.length > 0 && cleared);
    expect(new Set(events.flatMap((e) => e.ids))).toEqual(new Set(ids.slice(0, 30)));
    expect(events.at(-1)).toMatchObject({ unreadCount: 25, version: state.version });

    await expect.poll(async () => (await boss.getJobById(retentionSweep.name, jobId!))?.state, { timeout: 5000 }).toBe("completed");
    expect(server.logs()).toContainEqual(expect.objectContaining({ msg: "retention sweep", usersTrimmed: 1, deleted: 30 }));
  });

  it("rejects a job whose payload does not match the definition's schema", async () => {
    const jobId = await boss.send(retentionSweep.name, { unexpected: true });
    expect(jobId).toBeTruthy();
    await expect.poll(async () => (await boss.getJobById(retentionSweep.name, jobId!))?.state, { timeout: 10_000 }).toBe("failed");
    const failed = server.logs().find((l) => l.msg === "job failed" && l.job === "retention.sweep");
    expect(JSON.stringify(failed?.err)).toMatch(/invalid payload/);
  });

  it("stops its workers when the server shuts down", async () => {
    // A server of its own, so the others' tests keep theirs whatever the order.
    const own = await startHerald(env());
    const started = Date.now();
    expect(await own.stop()).toBe(0);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(own.logs().map((l) => l.msg)).toContain("shut down");
    expect(own.logs().map((l) => l.msg)).not.toContain("job queue error");
  });
});
