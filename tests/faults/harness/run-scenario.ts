// One scenario from start to verdict: fresh users and clients, the publisher streaming
// before, during and after the fault (after it, to half the users only), then a wait (on the
// clients' state, with a deadline) until every client has shown every notification addressed
// to it, then the records read back from PostgreSQL and judged.
import pg from "pg";
import { connectDb, disconnectDb } from "../../../server/db/connect.ts";
import type { FaultInstance } from "../../support/infra/instances.ts";
import type { FaultPostgres } from "../../support/infra/postgres.ts";
import type { RedisTopology } from "../../support/infra/redis.ts";
import { until } from "../../support/infra/processes.ts";
import { startFleet, type Fleet } from "./fleet.ts";
import { startPublisher, type Publisher } from "./publisher.ts";
import { serviceApi, type ServiceApi } from "./service-api.ts";
import { judge, type FaultWindow, type ScenarioRecords, type StoredRow, type Verdict } from "./verdict.ts";

export type Infra = { postgres: FaultPostgres; redis: RedisTopology; instances: FaultInstance[] };

/** Breaks something under traffic and repairs it; resolves with when it broke and when it was repaired. */
export type Fault = (infra: Infra) => Promise<FaultWindow>;

export type Settings = {
  users: number;
  ratePerSecond: number;
  /** Streaming before the fault, and after it before the publisher stops. */
  beforeMs: number;
  afterMs: number;
  /** How long, after the last publish, clients get to show everything. */
  settleMs: number;
  maxInFlight: number;
  dropEvery?: number;
};

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Whatever an earlier scenario left broken is started again, so scenarios stay independent. */
export async function ensureHealthy(infra: Infra): Promise<void> {
  await infra.postgres.start();
  await infra.redis.ensureRunning();
  await Promise.all(infra.instances.map((i) => i.ensureRunning()));
}

export async function runScenario(infra: Infra, name: string, fault: Fault | undefined, settings: Settings, seed: number): Promise<Verdict> {
  await ensureHealthy(infra);
  const started = Date.now();
  const exitsBefore = infra.instances.map((i) => i.exits.length);
  const prefix = `${name}-${started.toString(36)}`;
  const db = connectDb(infra.postgres.url, 2);
  let fleet: Fleet | undefined;
  let publisher: Publisher | undefined;
  try {
    const api = await serviceApi(`faults ${name}`);
    fleet = await startFleet({ prefix, users: settings.users, instances: infra.instances, api, dropEvery: settings.dropEvery });
    const clients = fleet.clients;
    await until("every client connected and caught up", () => clients.every((c) => c.connected() && c.catchUps > 0), 30_000);

    publisher = startPublisher({ prefix, users: fleet.users, instances: infra.instances, apiKey: api.key, ratePerSecond: settings.ratePerSecond, maxInFlight: settings.maxInFlight, seed });
    await delay(settings.beforeMs);
    const window = fault ? await fault(infra) : undefined;
    // Half the users get nothing more: what they missed can only reach them because the
    // server told their clients to catch up, not because a later notification showed a gap.
    publisher.narrowTo(fleet.users.filter((_, i) => i % 2 === 0));
    await delay(settings.afterMs);
    await publisher.stop();

    // Expected on each client: what was accepted, and what was stored although the publisher
    // never heard the answer (its connection broke).
    const unknownTitles = publisher.records.filter((p) => p.outcome === "unknown").map((p) => p.title);
    const expected = expectedByUser(publisher.records.flatMap((p) => Object.entries(p.ids ?? {})), await storedRows(infra.postgres.url, { titles: unknownTitles }));
    const shownAll = () => clients.every((c) => c.pendingReloads === 0 && [...(expected.get(c.userId) ?? [])].every((id) => c.shown.has(id)));
    const settled = await until("every client showing every notification", shownAll, settings.settleMs, 100).then(
      () => true,
      () => false,
    );
    // A repeat would arrive right after the last catch-up: a marker published now reaches
    // each client after it, so once every client shows the marker, any repeat has arrived.
    // (Only when nothing is missing: the marker's position would reveal a gap to a client
    // and so mend a loss the verdict must see.)
    const markers = settled ? await awaitMarker(infra, api, fleet, prefix) : new Set<string>();

    const records: ScenarioRecords = {
      name,
      fault: window,
      publishes: publisher.records,
      clients,
      stored: (await storedRows(infra.postgres.url, { users: fleet.users })).filter((row) => !markers.has(row.id)),
      counterMismatches: await counterMismatches(infra.postgres.url, fleet.users),
      exits: infra.instances.flatMap((i, k) => i.exits.slice(exitsBefore[k])),
      serverWarnings: serverWarnings(infra.instances, started),
    };
    return judge(records);
  } finally {
    await publisher?.stop();
    fleet?.close();
    await disconnectDb(db);
  }
}

/**
 * Publishes one marker to every user and waits until every client shows it; returns its ids
 * and takes them out of the clients' records (they are no part of the scenario's traffic).
 */
async function awaitMarker(infra: Infra, api: ServiceApi, fleet: Fleet, prefix: string): Promise<Set<string>> {
  let ids: Record<string, string> = {};
  await until(
    "the marker accepted",
    async () => {
      const res = await api.request(infra.instances[0].url, "POST", "/api/v1/notifications", { recipients: fleet.users, type: "fault.test", title: `${prefix}-marker` }).catch(() => undefined);
      if (res?.status !== 202) return false;
      ids = Object.fromEntries((res.body as { notifications: { id: string; userId: string }[] }).notifications.map((n) => [n.userId, n.id]));
      return true;
    },
    30_000,
    200,
  );
  await until("every client showing the marker", () => fleet.clients.every((c) => c.shown.has(ids[c.userId])), 30_000, 50);
  const markers = new Set(Object.values(ids));
  for (const c of fleet.clients) {
    for (const id of markers) c.shown.delete(id);
    c.repeats = c.repeats.filter((r) => !markers.has(r.id));
  }
  return markers;
}

function expectedByUser(accepted: [string, string][], unknownStored: StoredRow[]): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>();
  for (const [userId, id] of [...accepted, ...unknownStored.map((r): [string, string] => [r.userId, r.id])]) {
    if (!byUser.has(userId)) byUser.set(userId, new Set());
    byUser.get(userId)!.add(id);
  }
  return byUser;
}

// Plain pg clients, one per query: the harness reads what PostgreSQL really holds.
async function query<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

function storedRows(url: string, by: { users: string[] } | { titles: string[] }): Promise<StoredRow[]> {
  const [column, values] = "users" in by ? ["user_id", by.users] : ["title", by.titles];
  return query<StoredRow>(url, `SELECT id, user_id AS "userId", title FROM notifications WHERE ${column} = ANY($1::text[])`, [values]);
}

async function counterMismatches(url: string, users: string[]) {
  const rows = await query<{ userId: string; counter: number; rows: number }>(
    url,
    `SELECT u.id AS "userId", u.unread_count AS counter,
            (SELECT count(*)::int FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS rows
     FROM users u WHERE u.id = ANY($1::text[])`,
    [users],
  );
  return rows.filter((r) => r.counter !== r.rows);
}

function serverWarnings(instances: FaultInstance[], since: number): string[] {
  return instances.flatMap((i) => {
    const counts = new Map<string, number>();
    for (const line of i.logs()) {
      if ((line.level !== "warn" && line.level !== "error") || Date.parse(String(line.time)) < since) continue;
      counts.set(line.msg, (counts.get(line.msg) ?? 0) + 1);
    }
    return [...counts].map(([msg, n]) => `${i.name}: ${msg} ×${n}`);
  });
}
