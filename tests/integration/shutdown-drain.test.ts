// A deploy (SIGTERM) on one instance while a publish is still in flight there: the publish
// finishes (202, and its connection is not kept), and its event still reaches the person's
// socket on the other instance live, through Redis. A request that arrives after SIGTERM
// on a connection still open is refused (503 + Retry-After), never taken in and then left
// undelivered.
import { request as httpRequest } from "node:http";
import { connect, type Socket as TcpSocket } from "node:net";
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

type RawAnswer = { status: number; headers: Record<string, string>; body: string };

/** A POST through node:http, to see the Connection header fetch hides. */
function post(url: string, key: string, body: unknown): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: "POST", headers: { authorization: `Bearer ${key}`, "content-type": "application/json" } }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers as Record<string, string>, body: text }));
    });
    req.on("error", reject);
    req.end(JSON.stringify(body));
  });
}

/** Everything the server sends on a raw connection until it closes it, parsed as one answer. */
function readAnswer(socket: TcpSocket): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let raw = "";
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (raw += chunk));
    socket.on("error", reject);
    socket.on("close", () => {
      const [head, ...rest] = raw.split("\r\n\r\n");
      const [statusLine, ...headerLines] = head.split("\r\n");
      const headers = Object.fromEntries(headerLines.map((l) => [l.slice(0, l.indexOf(":")).toLowerCase(), l.slice(l.indexOf(":") + 1).trim()]));
      const body = rest.join("\r\n\r\n");
      resolve({ status: Number(statusLine.split(" ")[1]), headers, body: headers["transfer-encoding"] === "chunked" ? unchunk(body) : body });
    });
  });
}

function unchunk(body: string): string {
  let out = "";
  for (let at = 0; ; ) {
    const lineEnd = body.indexOf("\r\n", at);
    const size = parseInt(body.slice(at, lineEnd), 16);
    if (!size) return out;
    out += body.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

it("delivers a publish that was in flight at SIGTERM to the other instance's sockets, and refuses a request that arrives later", async () => {
  const viaA = await apiClient(a.url);
  const viaB = await apiClient(b.url);
  const { body } = await viaA.request("POST", "/api/v1/users/nora/token");
  const socket = await connectSocket(a.url, { token: body.token });
  const seen: NotificationDto[] = [];
  socket.on("notification:new", ({ notification }) => seen.push(notification));

  // A connection to B with a request begun (its first line) but not finished: it is busy,
  // so shutdown does not close it as idle, and the rest of the request arrives after SIGTERM.
  const late = connect(Number(new URL(b.url).port), "127.0.0.1");
  await new Promise<void>((resolve, reject) => late.once("connect", resolve).once("error", reject));
  const lateAnswer = readAnswer(late);
  late.write("POST /api/v1/notifications HTTP/1.1\r\n");

  // Hold nora's row: B's publish waits on it inside the database.
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  try {
    await holder.query("BEGIN");
    await holder.query("SELECT 1 FROM users WHERE id = 'nora' FOR UPDATE");
    const inFlight = post(`${b.url}/api/v1/notifications`, viaB.key, { recipients: ["nora"], type: "deploy.test", title: "in flight" });
    await eventually(async () => {
      const { rows } = await holder.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
      );
      return rows[0].n > 0;
    }, 10_000);

    const exited = b.stop();
    await waitFor(() => b.logs().some((l) => l.msg === "shutting down"), 5000);
    const lateBody = JSON.stringify({ recipients: ["nora"], type: "deploy.test", title: "too late" });
    late.write(
      `Host: ${new URL(b.url).host}\r\nAuthorization: Bearer ${viaB.key}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(lateBody)}\r\n\r\n${lateBody}`,
    );
    const refused = await lateAnswer;
    expect(refused.status).toBe(503);
    expect(refused.headers["retry-after"]).toBe("1");
    expect(refused.headers.connection).toBe("close");
    expect(JSON.parse(refused.body)).toEqual({ error: { code: "unavailable", message: expect.any(String) } });

    await holder.query("COMMIT");
    const published = await inFlight;
    expect(published.status).toBe(202);
    // The client does not send its next request on this connection to an instance leaving.
    expect(published.headers.connection).toBe("close");
    await waitFor(() => seen.find((n) => n.title === "in flight"), 5000);
    expect(await exited).toBe(0);
    // Refused means nothing done: the late one was neither stored nor sent.
    const stored = await holder.query<{ title: string }>("SELECT title FROM notifications WHERE user_id = 'nora' ORDER BY created_at");
    expect(stored.rows.map((r) => r.title)).toEqual(["in flight"]);
    expect(seen.map((n) => n.title)).toEqual(["in flight"]);
  } finally {
    await holder.end();
    late.destroy();
    socket.close();
  }
});
