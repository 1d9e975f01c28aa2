// The client rules, without a server: repeats dropped by id, the newest state kept by
// version, positions tracked for the next handshake, backoff capped at 30 s.
import { afterEach, describe, expect, it } from "vitest";
import { InboxClient } from "./inbox-client.ts";
import type { HandshakeAuth, NotificationDto } from "./events.ts";

const n = (seq: number): NotificationDto => ({
  id: `id-${seq}`, userId: "u", seq, type: "t", title: `n${seq}`, body: null, data: {}, actionUrl: null, readAt: null,
  createdAt: new Date(0).toISOString(),
});

const clients: InboxClient[] = [];
function client(since?: { lastSeq: number; version: number; unreadCount?: number }) {
  const c = new InboxClient({ url: "http://127.0.0.1:9", since });
  clients.push(c);
  return c;
}
afterEach(() => clients.splice(0).forEach((c) => c.close()));

const handshake = (c: InboxClient) =>
  new Promise<HandshakeAuth>((resolve) => (c.socket.auth as (cb: (a: HandshakeAuth) => void) => void)(resolve));

describe("InboxClient", () => {
  it("reconnects with exponential backoff capped at 30 s", () => {
    const c = client();
    expect(c.socket.io.reconnection()).toBe(true);
    expect(c.socket.io.reconnectionDelayMax()).toBe(30_000);
    expect(c.socket.io.randomizationFactor()).toBeGreaterThan(0);
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

  it("sends the last position and version it has seen at the next handshake", async () => {
    const c = client({ lastSeq: 10, version: 20 });
    expect(await handshake(c)).toEqual({ lastSeq: 10, lastVersion: 20 });
    c.ingest("notification:new", { notification: n(12), unreadCount: 1, version: 21 });
    expect(await handshake(c)).toEqual({ lastSeq: 12, lastVersion: 21 });
    c.ingest("inbox:catch-up", { missed: null, missedCount: 200, latestSeq: 300, reload: true, unreadCount: 5, version: 400 });
    expect(await handshake(c)).toEqual({ lastSeq: 300, lastVersion: 400 });
  });

  it("asks for a reload instead of replaying a large catch-up", () => {
    const c = client({ lastSeq: 0, version: 0 });
    const events: string[] = [];
    c.subscribe({ notification: () => events.push("item"), resync: (p) => events.push(`resync ${p.missedCount}`) });
    c.ingest("inbox:catch-up", { missed: null, missedCount: 200, latestSeq: 200, reload: true, unreadCount: 200, version: 200 });
    expect(events).toEqual(["resync 200"]);
  });
});
