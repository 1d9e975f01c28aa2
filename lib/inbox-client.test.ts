// The client rules, without a server: repeats dropped by id, the newest state kept by
// version, positions tracked for the next handshake, backoff capped at 5 s for the first minute
// away and at 30 s after.
import { afterEach, describe, expect, it, vi } from "vitest";
import { Server, type Socket } from "socket.io";
import { InboxClient } from "./inbox-client.ts";
import type { HandshakeAuth, NotificationDto } from "./events.ts";

const n = (seq: number): NotificationDto => ({
  id: `id-${seq}`, userId: "u", seq, type: "t", title: `n${seq}`, body: null, data: {}, actionUrl: null, readAt: null,
  createdAt: new Date(0).toISOString(),
});

const clients: InboxClient[] = [];
function client(since?: { lastSeq: number; version: number; unreadCount?: number }, options: { gapGraceMs?: number; url?: string } = {}) {
  const c = new InboxClient({ url: "http://127.0.0.1:9", since, ...options });
  clients.push(c);
  return c;
}
const servers: Server[] = [];
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A real Socket.IO server playing Herald's part: it records catch-up requests and emits what a test tells it to. */
async function fakeServer() {
  const io = new Server({ transports: ["websocket"] });
  servers.push(io);
  const syncRequests: unknown[] = [];
  const sockets: Socket[] = [];
  let first: (s: Socket) => void;
  const connected = new Promise<Socket>((resolve) => (first = resolve));
  io.on("connection", (socket) => {
    sockets.push(socket);
    socket.on("inbox:sync", (request: unknown) => syncRequests.push(request));
    first(socket);
  });
  const port = await new Promise<number>((resolve) => {
    const http = io.listen(0);
    http.httpServer.once("listening", () => resolve((http.httpServer.address() as { port: number }).port));
  });
  return { url: `http://127.0.0.1:${port}`, connected, syncRequests, sockets };
}

const handshake = (c: InboxClient) =>
  new Promise<HandshakeAuth>((resolve) => (c.socket.auth as (cb: (a: HandshakeAuth) => void) => void)(resolve));

describe("InboxClient", () => {
  it("reconnects with exponential backoff capped at 5 s for a minute without a connection, then at 30 s (each cap jittered), and at 5 s again once connected", () => {
    const c = client();
    const io = c.socket.io;
    expect(io.reconnection()).toBe(true);
    expect(io.randomizationFactor()).toBeGreaterThan(0);
    expect(io.reconnectionDelayMax()).toBe(5_000);
    const attempt = () => (io as unknown as { emit: (event: string, n: number) => void }).emit("reconnect_attempt", 1);
    // The cap itself is jittered (half to all of it), so capped waits do not fall in step.
    const caps = new Set<number>();
    for (let i = 0; i < 20; i++) {
      attempt();
      caps.add(io.reconnectionDelayMax());
    }
    expect(Math.min(...caps)).toBeGreaterThanOrEqual(2_500);
    expect(Math.max(...caps)).toBeLessThanOrEqual(5_000);
    expect(caps.size).toBeGreaterThan(1);
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + 61_000);
    try {
      attempt();
      expect(io.reconnectionDelayMax()).toBeGreaterThanOrEqual(15_000);
      expect(io.reconnectionDelayMax()).toBeLessThanOrEqual(30_000);
    } finally {
      clock.mockRestore();
    }
    (c.socket as unknown as { emitReserved: (event: string) => void }).emitReserved("connect");
    expect(io.reconnectionDelayMax()).toBe(5_000);
  });

  it("replaces a grouped item with a higher version (live or in a catch-up) and drops older or repeated versions", () => {
    const c = client({ lastSeq: 0, version: 0 });
    const events: string[] = [];
    c.subscribe({ notification: (x) => events.push(`new ${x.id} v${x.version}`), updated: (x) => events.push(`updated ${x.id} v${x.version}`) });
    const item = (seq: number, version: number): NotificationDto => ({ ...n(seq), id: "group", version });
    c.ingest("notification:new", { notification: item(1, 1), unreadCount: 1, version: 1 });
    c.ingest("notification:updated", { notification: item(2, 2), unreadCount: 1, version: 2 });
    c.ingest("notification:updated", { notification: item(2, 2), unreadCount: 1, version: 2 });
    c.ingest("inbox:catch-up", { missed: [item(3, 3)], missedCount: 1, latestSeq: 3, reload: false, unreadCount: 1, version: 3 });
    c.ingest("notification:updated", { notification: item(2, 2), unreadCount: 1, version: 2 });
    expect(events).toEqual(["new group v1", "updated group v2", "updated group v3"]);
    expect(c.position).toBe(3);
    expect(c.inboxState).toEqual({ unreadCount: 1, version: 3 });
  });

  it("drops a notification it has already seen, live or in a catch-up", () => {
    const c = client({ lastSeq: 0, version: 0 });
    const seen: string[] = [];
    c.subscribe({ notification: (x) => seen.push(x.id) });
    c.ingest("notification:new", { notification: n(1), unreadCount: 1, version: 1 });
    c.ingest("inbox:catch-up", { missed: [n(1), n(2)], missedCount: 2, latestSeq: 2, reload: false, unreadCount: 2, version: 2 });
    c.ingest("notification:new", { notification: n(2), unreadCount: 2, version: 2 });
    expect(seen).toEqual(["id-1", "id-2"]);
  });

  it("keeps the state with the highest version, whatever order events arrive in", () => {
    const c = client({ lastSeq: 0, version: 5, unreadCount: 3 });
    const counts: number[] = [];
    c.subscribe({ state: (s) => counts.push(s.unreadCount) });
    c.ingest("notification:read", { ids: ["a"], readAt: "x", unreadCount: 1, version: 8 });
    c.ingest("notification:read", { ids: ["b"], readAt: "x", unreadCount: 2, version: 7 });
    c.ingest("notification:unread", { ids: ["b"], unreadCount: 2, version: 8 });
    expect(counts).toEqual([1]);
    expect(c.inboxState).toEqual({ unreadCount: 1, version: 8 });
  });

  it("sends the last contiguous position and version at the next handshake", async () => {
    const c = client({ lastSeq: 10, version: 20 });
    expect(await handshake(c)).toEqual({ lastSeq: 10, lastVersion: 20 });
    c.ingest("notification:new", { notification: n(11), unreadCount: 1, version: 21 });
    expect(await handshake(c)).toEqual({ lastSeq: 11, lastVersion: 21 });
    // 13 arrives without 12: the client still stands at 11, so a reconnect brings 12 back.
    c.ingest("notification:new", { notification: n(13), unreadCount: 2, version: 23 });
    expect(await handshake(c)).toEqual({ lastSeq: 11, lastVersion: 23 });
    c.ingest("inbox:catch-up", { missed: null, missedCount: 200, latestSeq: 300, reload: true, unreadCount: 5, version: 400 });
    expect(await handshake(c)).toEqual({ lastSeq: 300, lastVersion: 400 });
  });

  it("asks for a catch-up from before a gap that outlasts the grace period, and a catch-up fills it", async () => {
    const server = await fakeServer();
    const c = client({ lastSeq: 0, version: 0 }, { gapGraceMs: 20, url: server.url });
    const shown: number[] = [];
    c.subscribe({ notification: (x) => shown.push(x.seq) });
    await c.connect();
    const socket = await server.connected;
    for (const seq of [1, 2, 4]) socket.emit("notification:new", { notification: n(seq), unreadCount: seq, version: seq });
    await vi.waitFor(() => expect(server.syncRequests).toEqual([{ lastSeq: 2, lastVersion: 4 }]));
    expect(shown).toEqual([1, 2, 4]);
    socket.emit("inbox:catch-up", { missed: [n(3), n(4)], missedCount: 2, latestSeq: 4, reload: false, unreadCount: 4, version: 4 });
    await vi.waitFor(() => expect(c.position).toBe(4));
    expect(shown).toEqual([1, 2, 4, 3]); // 4 again is dropped as a duplicate
    expect(await handshake(c)).toEqual({ lastSeq: 4, lastVersion: 4 });
  });

  it("does not ask when a hole fills within the grace period (events from two instances crossing)", async () => {
    const server = await fakeServer();
    const c = client({ lastSeq: 0, version: 0 }, { gapGraceMs: 200, url: server.url });
    await c.connect();
    const socket = await server.connected;
    for (const seq of [2, 1, 3]) socket.emit("notification:new", { notification: n(seq), unreadCount: seq, version: seq });
    // A later gap does get a request: proof that requests reach the server in this test.
    socket.emit("notification:new", { notification: n(5), unreadCount: 4, version: 5 });
    await vi.waitFor(() => expect(server.syncRequests).toEqual([{ lastSeq: 3, lastVersion: 5 }]));
  });

  it("asks for a catch-up when the server hints that live events may have been lost", async () => {
    const server = await fakeServer();
    const c = client({ lastSeq: 7, version: 9 }, { url: server.url });
    await c.connect();
    (await server.connected).emit("inbox:resync", { reason: "fanout_interrupted" });
    await vi.waitFor(() => expect(server.syncRequests).toEqual([{ lastSeq: 7, lastVersion: 9 }]));
  });

  it("comes back by itself after the server closed the connection, unless the session ended", async () => {
    const server = await fakeServer();
    const c = client({ lastSeq: 0, version: 0 }, { url: server.url });
    let connects = 0;
    c.subscribe({ connection: (up) => void (up && connects++) });
    await c.connect();
    (await server.connected).disconnect(true);
    await vi.waitFor(() => expect(c.socket.connected).toBe(false));
    expect(c.willReconnect).toBe(true);
    await vi.waitFor(() => expect(connects).toBe(2), { timeout: 5000 });
    const again = server.sockets.at(-1)!;
    again.emit("session:ended", { reason: "signed_out" });
    await vi.waitFor(() => expect(c.socket.connected).toBe(true));
    again.disconnect(true);
    await vi.waitFor(() => expect(c.socket.connected).toBe(false));
    // No retry is pending and socket.io-client has given up: nothing will bring it back.
    expect(c.willReconnect).toBe(false);
    expect(connects).toBe(2);
  });

  it("tries again when the server could not check the handshake (unavailable), never after a real refusal", async () => {
    const server = await fakeServer();
    const io = servers.at(-1)!;
    let refusals = 2;
    let code = "unavailable";
    io.use((_socket, next) => {
      if (refusals-- > 0) next(Object.assign(new Error("not now"), { data: { code } }));
      else next();
    });
    const c = client({ lastSeq: 0, version: 0 }, { url: server.url });
    await c.connect();
    // Refused twice (1 s, then 2 s of pause at most), then let in.
    await vi.waitFor(() => expect(c.socket.connected).toBe(true), { timeout: 8000 });

    const other = client({ lastSeq: 0, version: 0 }, { url: server.url });
    refusals = 1;
    code = "unauthorized";
    await other.connect();
    await vi.waitFor(() => expect(refusals).toBe(0));
    await vi.waitFor(() => expect(other.willReconnect).toBe(false));
    expect(other.socket.connected).toBe(false);
  }, 15_000);

  it("asks for a reload instead of replaying a large catch-up", () => {
    const c = client({ lastSeq: 0, version: 0 });
    const events: string[] = [];
    c.subscribe({ notification: () => events.push("item"), resync: (p) => events.push(`resync ${p.missedCount}`) });
    c.ingest("inbox:catch-up", { missed: null, missedCount: 200, latestSeq: 200, reload: true, unreadCount: 200, version: 200 });
    expect(events).toEqual(["resync 200"]);
  });
});
