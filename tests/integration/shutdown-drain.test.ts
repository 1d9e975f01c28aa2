// A deploy (SIGTERM) on one instance while a publish is still in flight there: the publish
// finishes (202), and its event still reaches the person's socket on the other instance
// live, through Redis. Requests that arrive after SIGTERM are refused (503), never taken
// in and then left undelivered.
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import type { NotificationDto } from "../../lib/events.ts";
import { apiClient, connectSocket, createUsers, eventually, waitFor } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  await createUsers("nora");
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
});

it("delivers a publish that was in flight at SIGTERM to the other instance's sockets, and refuses later requests", async () => {
  const viaA = await apiClient(a.url);
  const viaB = await apiClient(b.url);
  const { body } = await viaA.request("POST", "/api/v1/users/nora/token");
  const socket = await connectSocket(a.url, { token: body.token });
  const seen: NotificationDto[] = [];
  socket.on("notification:new", ({ notification }) => seen.push(notification));

  // Hold nora's row: B's publish waits on it inside the database.
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM users WHERE id = 'nora' FOR UPDATE");
    const inFlight = viaB.request("POST", "/api/v1/notifications", { recipients: ["nora"], type: "deploy.test", title: "in flight" });
    await eventually(async () => {
      const { rows } = await holder.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return rows[0].n > 0;
    }, 10_000);

    const exited = b.stop();
    await waitFor(() => b.logs().some((l) => l.msg === "shutting down"), 5000);
    // A request that arrives now is refused (or finds nothing listening): never accepted.
    const late = await fetch(`${b.url}/api/v1/notifications`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${viaB.key}` },
      body: JSON.stringify({ recipients: ["nora"], type: "deploy.test", title: "too late" }),
    }).then(
      (res) => res.status,
      () => "refused connection",
    );
    expect([503, "refused connection"]).toContain(late);

    await holder.query("COMMIT");
    const published = await inFlight;
    expect(published.status).toBe(202);
    await waitFor(() => seen.find((n) => n.title === "in flight"), 5000);
    expect(seen.map((n) => n.title)).toEqual(["in flight"]);
    expect(await exited).toBe(0);
  } finally {
    await holder.end();
    socket.close();
  }
});
