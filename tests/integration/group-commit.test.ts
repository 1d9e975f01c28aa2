// Group commit (server/notifications/group-commit.ts) under concurrency: many publishers on
// two instances, several recipients each, while people mark notifications read and unread
// and retention trims their inboxes; then every guarantee is checked against PostgreSQL:
// every accepted notification reached each of its recipient's sockets exactly once, a
// person's positions have no gap and no repeat, each publisher's notifications are in its
// order, and unread counts and versions are the database's. Also the statement itself:
// positions in queue order within one statement, and one publish's unknown recipient
// failing only that publish.
import PgBoss from "pg-boss";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { sql } from "../../server/db/index.ts";
import { retentionSweep } from "../../server/jobs/definitions/retention-sweep.ts";
import { JOBS_SCHEMA } from "../../server/jobs/queue.ts";
import { writeNotificationBatch } from "../../server/notifications/write-notifications.ts";
import type { ServerEventName } from "../../lib/events.ts";
import { apiClient, connectSocket, createUsers, eventually, publishMarker, waitFor, type Api, type TestSocket } from "../support/clients.ts";
import { defineType } from "../support/email.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { parseMetrics } from "../support/prometheus.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { ME, userApi, type UserApi } from "../support/user-api.ts";

const PEOPLE = ["gc-ann", "gc-ben", "gc-cat", "gc-dan", "gc-eve", "gc-fay"];
const PUBLISHERS = 24;
const PER_PUBLISHER = 20;
const RECIPIENTS = 3;
const CAP = 40; // RETENTION_MAX_PER_USER: each person gets far more than this
const METRICS_TOKEN = "metrics-token-group-commit-0123456789";

type Received = { event: ServerEventName; payload: any };
type Tab = { userId: string; socket: TestSocket; received: Received[] };
type Sent = { publisher: number; n: number; id: string; type: string };

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let boss: PgBoss;
const tabs: Tab[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  const env = {
    DATABASE_URL: database.url,
    REDIS_URL: inject("redisUrl"),
    RATE_LIMIT_PER_MINUTE: "0", // every publish goes through group commit, none into a digest
    RETENTION_MAX_PER_USER: String(CAP),
    RETENTION_SWEEP_CRON: "0 0 1 1 *", // the test sends the sweeps itself
    METRICS_TOKEN,
  };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  await createUsers(...PEOPLE);
  boss = new PgBoss({ connectionString: database.url, schema: JOBS_SCHEMA, max: 1, migrate: false, supervise: false, schedule: false });
  boss.on("error", () => {});
  await boss.start();
});

afterAll(async () => {
  for (const tab of tabs) tab.socket.close();
  await boss?.stop({ graceful: false });
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

async function openTab(server: HeraldProcess, api: Api, userId: string): Promise<Tab> {
  const { body } = await api.request("POST", `/api/v1/users/${userId}/token`);
  const socket = await connectSocket(server.url, { token: body.token });
  const tab: Tab = { userId, socket, received: [] };
  socket.onAny((event: ServerEventName, payload: unknown) => tab.received.push({ event, payload }));
  tabs.push(tab);
  return tab;
}

/** Runs `step` again and again until `stop()`; resolves when the last run ended. */
function repeatUntil(stopped: () => boolean, step: () => Promise<unknown>): Promise<void> {
  return (async () => {
    while (!stopped()) await step();
  })();
}

async function sweepOnce(): Promise<void> {
  const id = await boss.send(retentionSweep.name, {});
  await eventually(async () => (await boss.getJobById(retentionSweep.name, id!))?.state === "completed", 20_000, 50);
}

/** Sum and count of herald_publish_group_size on one instance. */
async function groupSizes(server: HeraldProcess): Promise<{ sum: number; count: number }> {
  const samples = parseMetrics(await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text());
  const value = (name: string) => samples.find((s) => s.name === name)?.value ?? 0;
  return { sum: value("herald_publish_group_size_sum"), count: value("herald_publish_group_size_count") };
}

describe("group commit under concurrency", () => {
  it("keeps order, exactness and counts while many publish at once, people mark and retention runs", async () => {
    const apis = [await apiClient(a.url), await apiClient(b.url)];
    // A plain type, and one with push (skipped: everyone is online) and email (queued as a job).
    await defineType(apis[0], "gc.plain", { displayName: "Plain", defaultChannels: ["in_app"], batchWindowSeconds: 0 });
    await defineType(apis[0], "gc.channels", { displayName: "Channels", priority: "high", defaultChannels: ["in_app", "push", "email"], emailAfterSeconds: 3600, batchWindowSeconds: 0 });
    for (const userId of PEOPLE) {
      await openTab(a, apis[0], userId);
      await openTab(b, apis[1], userId);
    }
    const people: UserApi[] = await Promise.all(PEOPLE.map((u, i) => userApi([a, b][i % 2].url, apis[0], u)));

    const sent = new Map<string, Sent[]>(PEOPLE.map((u) => [u, []]));
    const refusals: string[] = [];
    let publishing = true;
    const publishers = Array.from({ length: PUBLISHERS }, (_, p) =>
      (async () => {
        for (let n = 0; n < PER_PUBLISHER; n++) {
          const recipients = Array.from({ length: RECIPIENTS }, (_, r) => PEOPLE[(p + n * 5 + r * 2) % PEOPLE.length]);
          const type = (p + n) % 4 === 0 ? "gc.channels" : "gc.plain";
          const res = await apis[(p + n) % 2].request("POST", "/api/v1/notifications", { recipients, type, title: `p${p} n${n}`, data: { publisher: p, n } });
          if (res.status !== 202) refusals.push(`${res.status} ${JSON.stringify(res.body)}`);
          else for (const { id, userId } of res.body.notifications) sent.get(userId)!.push({ publisher: p, n, id, type });
        }
      })(),
    );
    const done = Promise.all(publishers).finally(() => (publishing = false));

    // Meanwhile: people mark what their tab showed read (and some of it unread again), and retention sweeps.
    let marks = 0;
    const markers = people.map((person, i) =>
      repeatUntil(() => !publishing, async () => {
        const shown = tabs[i * 2].received.filter((r) => r.event === "notification:new").map((r) => r.payload.notification.id as string);
        const some = shown.filter((_, k) => (k + marks) % 3 === 0).slice(-10);
        if (some.length === 0) return new Promise((r) => setTimeout(r, 20));
        expect((await person.request("POST", `${ME}/read`, { ids: some })).status).toBe(200);
        if (marks % 4 === 0) expect((await person.request("POST", `${ME}/unread`, { ids: some.slice(0, 2) })).status).toBe(200);
        marks++;
      }),
    );
    let sweeps = 0;
    const sweeper = repeatUntil(() => !publishing, async () => {
      await sweepOnce();
      sweeps++;
    });
    await done;
    await Promise.all([...markers, sweeper]);
    expect(refusals).toEqual([]);
    expect(marks).toBeGreaterThan(0);
    expect(sweeps).toBeGreaterThan(0);

    // The last sweep, then a marker to everyone on each tab: whatever was sent before has arrived.
    await sweepOnce();
    const marker = await publishMarker(apis[0], ...PEOPLE);
    await waitFor(() => tabs.every((t) => t.received.some((r) => r.event === "notification:new" && r.payload.notification.id === marker[t.userId])), 20_000);

    for (const userId of PEOPLE) {
      const mine = sent.get(userId)!;
      const total = mine.length + 1; // and the marker
      const { rows } = await sql().query(
        `SELECT u.notification_seq, u.unread_count, u.inbox_version,
                (SELECT count(*)::int FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread_rows,
                (SELECT array_agg(n.seq ORDER BY n.seq)::int[] FROM notifications n WHERE n.user_id = u.id) AS seqs
         FROM users u WHERE u.id = $1`,
        [userId],
      );
      const stored = rows[0];
      // Positions: one per notification, none skipped; retention kept the newest CAP (+ the marker).
      expect(Number(stored.notification_seq)).toBe(total);
      expect(stored.seqs).toEqual(Array.from({ length: CAP + 1 }, (_, k) => total - CAP + k));
      expect(stored.unread_count).toBe(stored.unread_rows);

      for (const tab of tabs.filter((t) => t.userId === userId)) {
        const arrivals = tab.received.filter((r) => r.event === "notification:new").map((r) => r.payload);
        // Every accepted notification exactly once, and nothing else.
        expect(arrivals.map((p) => p.notification.id).sort()).toEqual([...mine.map((s) => s.id), marker[userId]].sort());
        // Its positions are 1..total, each once.
        expect(arrivals.map((p) => p.notification.seq).sort((x: number, y: number) => x - y)).toEqual(Array.from({ length: total }, (_, k) => k + 1));
        // Each publisher's notifications in the order it sent them.
        const seqOf = new Map(arrivals.map((p) => [p.notification.id, p.notification.seq as number]));
        for (let p = 0; p < PUBLISHERS; p++) {
          const seqs = mine.filter((s) => s.publisher === p).map((s) => seqOf.get(s.id)!);
          expect(seqs).toEqual([...seqs].sort((x, y) => x - y));
        }
        // Every change has its own version; the newest one carries the database's count and version.
        const versions = tab.received.filter((r) => typeof r.payload?.version === "number").map((r) => r.payload);
        expect(new Set(versions.map((p) => p.version)).size).toBe(versions.length);
        const newest = versions.reduce((x, y) => (y.version > x.version ? y : x));
        expect(newest.version).toBe(Number(stored.inbox_version));
        expect(newest.unreadCount).toBe(stored.unread_count);
        // Marks and retention really ran beside the publishes.
        expect(tab.received.some((r) => r.event === "notification:read")).toBe(true);
        expect(tab.received.some((r) => r.event === "notification:cleared")).toBe(true);
      }
    }

    // The channel publishes were written with their decisions: push skipped (online), email
    // pending until its due time (an hour on), no job yet. Retention kept some of them.
    const channelIds = [...sent.values()].flat().filter((s) => s.type === "gc.channels").map((s) => s.id);
    const { rows: decisions } = await sql().query(
      `SELECT n.id, array_agg(d.channel::text || ':' || d.status::text ORDER BY d.channel) AS decided,
              bool_and(d.channel <> 'email' OR d.due_at BETWEEN n.created_at + interval '3599 seconds' AND n.created_at + interval '3601 seconds') AS due_in_an_hour
       FROM notifications n JOIN deliveries d ON d.notification_id = n.id WHERE n.id = ANY($1::uuid[]) GROUP BY n.id`,
      [channelIds],
    );
    expect(decisions.length).toBeGreaterThan(0);
    for (const row of decisions) expect(row).toMatchObject({ decided: ["push:skipped", "email:pending"], due_in_an_hour: true });
    const { rows: jobs } = await sql().query(`SELECT count(*)::int AS n FROM ${JOBS_SCHEMA}.job WHERE name = 'email.send'`);
    expect(jobs[0].n).toBe(0);

    // And publishes were grouped: some statement wrote more than one.
    const sizes = await Promise.all([groupSizes(a), groupSizes(b)]);
    expect(sizes.reduce((n, s) => n + s.count, 0)).toBeGreaterThan(0);
    expect(sizes.some((s) => s.sum > s.count)).toBe(true);
  }, 180_000);
});

describe("one statement for several publishes", () => {
  it("numbers a person's notifications in queue order and fails only the publish with an unknown recipient", async () => {
    await createUsers("gc-solo-1", "gc-solo-2");
    const before = await sql().query("SELECT id, notification_seq, unread_count, inbox_version FROM users WHERE id IN ('gc-solo-1', 'gc-solo-2') ORDER BY id");
    const content = (title: string) => ({ type: "gc.direct", title });
    const written = await writeNotificationBatch(sql(), [
      { recipients: ["gc-solo-1", "gc-solo-2"], inApp: [true, true], content: content("first"), decisions: [] },
      { recipients: ["gc-solo-1", "gc-nobody"], inApp: [true, true], content: content("refused"), decisions: [] },
      { recipients: ["gc-solo-1"], inApp: [false], content: content("stored, not shown"), decisions: [{ userId: "gc-solo-1", channel: "in_app", status: "skipped", reason: "turned off" }] },
      { recipients: ["gc-solo-1"], inApp: [true], content: content("second"), decisions: [] },
    ]);
    expect(written.map((rows) => rows.map((r) => [r.user_id, r.title]))).toEqual([
      [["gc-solo-1", "first"], ["gc-solo-2", "first"]],
      [],
      [["gc-solo-1", "stored, not shown"]],
      [["gc-solo-1", "second"]],
    ]);
    const [one, two] = before.rows.map((r) => ({ seq: Number(r.notification_seq), unread: r.unread_count, version: Number(r.inbox_version) }));
    const view = (r: (typeof written)[number][number]) => ({ seq: r.seq === null ? null : Number(r.seq), unread: r.unread_count, version: r.inbox_version === null ? null : Number(r.inbox_version), read: r.read_at !== null });
    // What each would have been written alone, one after the other.
    expect(view(written[0][0])).toEqual({ seq: one.seq + 1, unread: one.unread + 1, version: one.version + 1, read: false });
    expect(view(written[0][1])).toEqual({ seq: two.seq + 1, unread: two.unread + 1, version: two.version + 1, read: false });
    expect(view(written[2][0])).toEqual({ seq: null, unread: null, version: null, read: true });
    expect(view(written[3][0])).toEqual({ seq: one.seq + 2, unread: one.unread + 2, version: one.version + 2, read: false });
    // The refused publish left nothing; the not-shown row has its decision.
    const { rows: titles } = await sql().query("SELECT title FROM notifications WHERE title = 'refused'");
    expect(titles).toEqual([]);
    const { rows: decided } = await sql().query("SELECT channel::text, status::text, reason FROM deliveries WHERE notification_id = $1", [written[2][0].id]);
    expect(decided).toEqual([{ channel: "in_app", status: "skipped", reason: "turned off" }]);
    const { rows: after } = await sql().query("SELECT notification_seq, unread_count FROM users WHERE id = 'gc-solo-1'");
    expect({ seq: Number(after[0].notification_seq), unread: after[0].unread_count }).toEqual({ seq: one.seq + 2, unread: one.unread + 2 });
  });
});
