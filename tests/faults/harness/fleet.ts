// The clients of a scenario: fresh users, each with an InboxClient (lib/inbox-client.ts)
// on one instance, every third user with a second one on the other instance (a second
// tab or device). Each client records what it shows a person: every notification the
// client hands to its `notification` listener (live or from a catch-up), and the first
// page it reloads over the user API when the server says `resync`, as the browser does.
import { InboxClient } from "../../../lib/inbox-client.ts";
import type { CatchUpPayload, NotificationDto } from "../../../lib/events.ts";
import type { FaultInstance } from "../../support/infra/instances.ts";
import { mintToken, type ServiceApi } from "./service-api.ts";

export type Via = "live" | "catch-up" | "reload";
export type Shown = { at: number; via: Via };

export type ClientRecord = {
  name: string;
  userId: string;
  instance: string;
  /** Each notification id shown, when it was first shown and how. */
  shown: Map<string, Shown>;
  /** Notifications handed to the listener again after they were shown. */
  repeats: { id: string; at: number }[];
  connects: number[];
  disconnects: { at: number; reason: string }[];
  /** Failed connection attempts: the refusal's code (`unavailable`, …) or the transport's error message. */
  connectErrors: { at: number; reason: string }[];
  catchUps: number;
  resyncs: number;
  reloadFailures: number;
  pendingReloads: number;
  connected: () => boolean;
};

export type Fleet = { users: string[]; clients: ClientRecord[]; close: () => void };

export type FleetOptions = {
  prefix: string;
  users: number;
  instances: FaultInstance[];
  api: ServiceApi;
  /** Self-test only: the recorder ignores every Nth notification, to prove loss is detected. */
  dropEvery?: number;
};

const RELOAD_PAGE = 100; // the user API's largest page

export async function startFleet(options: FleetOptions): Promise<Fleet> {
  const { prefix, instances, api } = options;
  const users = Array.from({ length: options.users }, (_, i) => `${prefix}-u${i}`);
  await inWaves(users, async (id) => {
    const res = await api.request(instances[0].url, "PUT", `/api/v1/users/${id}`, { name: id });
    if (res.status !== 201) throw new Error(`register ${id}: ${res.status}`);
  });
  const placements = users.flatMap((userId, i) => {
    const first = instances[i % instances.length];
    const second = instances[(i + 1) % instances.length];
    return i % 3 === 0 ? [{ userId, at: first }, { userId, at: second }] : [{ userId, at: first }];
  });
  let handed = 0;
  const inboxes: InboxClient[] = [];
  const clients = placements.map(({ userId, at }, i) => {
    const { client, record } = openClient(`c${i}`, userId, at, api, () => {
      handed++;
      return options.dropEvery !== undefined && handed % options.dropEvery === 0;
    });
    inboxes.push(client);
    return record;
  });
  await inWaves(inboxes, (c) => c.connect());
  return { users, clients, close: () => inboxes.forEach((c) => c.close()) };
}

/** Thousands of requests or handshakes at once overflow the listen backlog: a few hundred at a time. */
async function inWaves<T>(items: T[], start: (item: T) => Promise<unknown>, wave = 200): Promise<void> {
  for (let i = 0; i < items.length; i += wave) await Promise.all(items.slice(i, i + wave).map(start));
}

function openClient(name: string, userId: string, at: FaultInstance, api: ServiceApi, drop: () => boolean) {
  let token = "";
  const client = new InboxClient({
    url: at.url,
    getToken: async () => (token = await mintToken(api, at.url, userId)),
    // A fresh user's snapshot, as the page that opens the connection would render it.
    since: { lastSeq: 0, version: 0, unreadCount: 0 },
  });
  const record: ClientRecord = {
    name,
    userId,
    instance: at.name,
    shown: new Map(),
    repeats: [],
    connects: [],
    disconnects: [],
    connectErrors: [],
    catchUps: 0,
    resyncs: 0,
    reloadFailures: 0,
    pendingReloads: 0,
    connected: () => client.socket.connected,
  };
  const show = (n: NotificationDto, via: Via) => {
    if (record.shown.has(n.id)) record.repeats.push({ id: n.id, at: Date.now() });
    else record.shown.set(n.id, { at: Date.now(), via });
  };
  // onAny listeners run before the client's own handlers, so a catch-up's items are known
  // as such by the time the client hands them to the `notification` listener.
  const fromCatchUp = new Set<string>();
  client.socket.onAny((event: string, payload: CatchUpPayload) => {
    if (event !== "inbox:catch-up") return;
    record.catchUps++;
    for (const n of payload.missed ?? []) fromCatchUp.add(n.id);
  });
  client.socket.on("connect", () => record.connects.push(Date.now()));
  client.socket.on("disconnect", (reason) => record.disconnects.push({ at: Date.now(), reason }));
  client.socket.on("connect_error", (error: Error & { data?: { code?: string } }) => record.connectErrors.push({ at: Date.now(), reason: error.data?.code ?? error.message }));

  const reload = async () => {
    record.pendingReloads++;
    try {
      for (let attempt = 1; ; attempt++) {
        try {
          const res = await fetch(`${at.url}/api/v1/me/notifications?limit=${RELOAD_PAGE}`, {
            headers: { authorization: `Bearer ${token}` },
            signal: AbortSignal.timeout(10_000),
          });
          if (!res.ok) throw new Error(`status ${res.status}`);
          const page = (await res.json()) as { items: NotificationDto[] };
          client.markSeen(page.items);
          // The page replaces the list: items already shown stay shown once.
          for (const n of page.items) if (!record.shown.has(n.id)) record.shown.set(n.id, { at: Date.now(), via: "reload" });
          return;
        } catch {
          // The feed shows an error and a retry button; the person presses it.
          record.reloadFailures++;
          if (attempt === 3) return;
          await new Promise((r) => setTimeout(r, 1000));
        }
      }
    } finally {
      record.pendingReloads--;
    }
  };

  client.subscribe({
    notification: (n) => {
      if (drop()) return;
      show(n, fromCatchUp.delete(n.id) ? "catch-up" : "live");
    },
    resync: () => {
      record.resyncs++;
      void reload();
    },
  });
  return { client, record };
}
