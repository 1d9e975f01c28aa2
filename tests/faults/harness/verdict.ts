// What a scenario's records say: pure functions from what was published, stored and shown
// to the figures the suite prints and the problems that fail it. Kept apart from the
// processes so that its own test can prove it notices loss, repeats and stray rows.
import type { ClientRecord } from "./fleet.ts";
import type { PublishRecord } from "./publisher.ts";
import type { InstanceExit } from "../../support/infra/instances.ts";

export type StoredRow = { id: string; userId: string; title: string };
/** When the fault began and when it was repaired; `note` says what it hit ("master :7001, holding 21 users' channels"). */
export type FaultWindow = { start: number; end: number; note?: string };

export type ScenarioRecords = {
  name: string;
  fault?: FaultWindow;
  publishes: PublishRecord[];
  clients: ClientRecord[];
  /** Every notification row of the scenario's users, read after the scenario settled. */
  stored: StoredRow[];
  /** Users whose unread counter differs from their unread rows. */
  counterMismatches: { userId: string; counter: number; rows: number }[];
  exits: InstanceExit[];
  /** What the instances logged at warn or error level meanwhile, "A: redis error ×12" (for reading, not judged). */
  serverWarnings: string[];
};

export type Verdict = {
  name: string;
  faultNote?: string;
  publishes: { sent: number; accepted: number; refused: number; unknown: number; skipped: number; statuses: Record<string, number> };
  stored: number;
  expectedShows: number;
  shown: number;
  lost: number;
  lostAccepted: number;
  /** Lost notifications by when they were published, relative to the fault, and by "published through→client on" instance. */
  lostWhen: { before: number; during: number; after: number };
  lostThrough: Record<string, number>;
  duplicates: number;
  via: Record<"live" | "catch-up" | "reload", number>;
  resyncs: number;
  /** Accepted publishes: ms from the request to the 202. */
  ack: { p50: number; p99: number } | null;
  /** Live deliveries: ms from the publish request to the client showing it. */
  latency: { p50: number; p99: number; max: number; over1s: number } | null;
  /** ms from the fault's end until every client was back / had shown everything published before then. */
  clientsBackMs: number | null;
  recoveredMs: number | null;
  serverWarnings: string[];
  problems: string[];
};

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

export function judge(r: ScenarioRecords): Verdict {
  const problems: string[] = [];
  const count = (o: PublishRecord["outcome"]) => r.publishes.filter((p) => p.outcome === o).length;
  const statuses: Record<string, number> = {};
  for (const p of r.publishes) if (p.outcome !== "accepted") statuses[String(p.status ?? p.outcome)] = (statuses[String(p.status ?? p.outcome)] ?? 0) + 1;

  const storedIds = new Set(r.stored.map((s) => s.id));
  const rowsByUser = groupIds(r.stored);
  const storedTitles = new Set(r.stored.map((s) => s.title));
  const sentAtByTitle = new Map(r.publishes.map((p) => [p.title, p.sentAt]));
  const sentAtById = new Map(r.stored.map((s) => [s.id, sentAtByTitle.get(s.title) ?? 0]));
  const instanceByTitle = new Map(r.publishes.map((p) => [p.title, p.instance]));
  const instanceById = new Map(r.stored.map((s) => [s.id, instanceByTitle.get(s.title) ?? "?"]));
  const acceptedByUser = new Map<string, Set<string>>();
  for (const p of r.publishes) {
    for (const [userId, id] of Object.entries(p.ids ?? {})) {
      if (!acceptedByUser.has(userId)) acceptedByUser.set(userId, new Set());
      acceptedByUser.get(userId)!.add(id);
    }
  }

  const acceptedIds = [...acceptedByUser.values()].flatMap((s) => [...s]);
  const notStored = acceptedIds.filter((id) => !storedIds.has(id)).length;
  if (notStored > 0) problems.push(`${notStored} accepted (202) notifications are not in PostgreSQL`);
  const refusedStored = r.publishes.filter((p) => p.outcome === "refused" && storedTitles.has(p.title));
  if (refusedStored.length > 0) problems.push(`${refusedStored.length} refused publishes were stored anyway (${summarize(refusedStored.map((p) => String(p.status)))})`);
  const unretryable = r.publishes.filter((p) => p.outcome === "refused" && typeof p.status === "number" && !(p.status === 503 && p.retryAfter));
  if (unretryable.length > 0) problems.push(`${unretryable.length} publishes refused without 503 + Retry-After (${summarize(unretryable.map((p) => String(p.status)))})`);

  let expectedShows = 0, shown = 0, lost = 0, lostAccepted = 0, duplicates = 0, phantom = 0, resyncs = 0;
  const via = { live: 0, "catch-up": 0, reload: 0 };
  const latencies: number[] = [];
  const lossByClient: string[] = [];
  const lostWhen = { before: 0, during: 0, after: 0 };
  const lostThrough: Record<string, number> = {};
  for (const c of r.clients) {
    const expected = rowsByUser.get(c.userId) ?? new Set<string>();
    expectedShows += expected.size;
    shown += c.shown.size;
    duplicates += c.repeats.length;
    resyncs += c.resyncs;
    const missing = [...expected].filter((id) => !c.shown.has(id));
    lost += missing.length;
    lostAccepted += [...(acceptedByUser.get(c.userId) ?? [])].filter((id) => !c.shown.has(id)).length;
    for (const id of missing) {
      const at = sentAtById.get(id) ?? 0;
      lostWhen[!r.fault || at < r.fault.start ? "before" : at <= r.fault.end ? "during" : "after"]++;
      const route = `${instanceById.get(id)}→${c.instance}`;
      lostThrough[route] = (lostThrough[route] ?? 0) + 1;
    }
    if (missing.length > 0) lossByClient.push(`${c.name}@${c.instance}: ${missing.length}`);
    for (const [id, s] of c.shown) {
      if (!expected.has(id)) phantom++;
      via[s.via]++;
      if (s.via === "live" && sentAtById.has(id)) latencies.push(s.at - sentAtById.get(id)!);
    }
  }
  if (lost > 0) problems.push(`${lost} lost: stored but never shown (${lostAccepted} of them accepted) on ${lossByClient.length} clients (${lossByClient.slice(0, 8).join(", ")}${lossByClient.length > 8 ? ", …" : ""})`);
  if (duplicates > 0) problems.push(`${duplicates} shown twice`);
  if (phantom > 0) problems.push(`${phantom} shown that are not the user's stored notifications`);
  const down = r.clients.filter((c) => !c.connected());
  if (down.length > 0) problems.push(`${down.length} clients not connected at the end (last disconnect: ${summarize(down.map((c) => c.disconnects.at(-1)?.reason ?? "never connected"))})`);
  for (const m of r.counterMismatches) problems.push(`user ${m.userId}: unread counter ${m.counter}, unread rows ${m.rows}`);
  for (const e of r.exits) {
    if (!e.expected) problems.push(`instance ${e.instance} exited unexpectedly (code ${e.code}, signal ${e.signal})`);
    else if (e.signal === null && e.code !== 0) problems.push(`instance ${e.instance} stopped with exit code ${e.code}`);
  }

  latencies.sort((a, b) => a - b);
  const acks = r.publishes.filter((p) => p.outcome === "accepted").map((p) => p.answeredAt! - p.sentAt).sort((a, b) => a - b);
  return {
    name: r.name,
    faultNote: r.fault?.note,
    publishes: { sent: r.publishes.length, accepted: count("accepted"), refused: count("refused"), unknown: count("unknown"), skipped: count("skipped"), statuses },
    stored: r.stored.length,
    expectedShows,
    shown,
    lost,
    lostAccepted,
    lostWhen,
    lostThrough,
    duplicates,
    via,
    resyncs,
    ack: acks.length ? { p50: percentile(acks, 50), p99: percentile(acks, 99) } : null,
    latency: latencies.length ? { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1)!, over1s: latencies.filter((l) => l > 1000).length } : null,
    clientsBackMs: r.fault ? clientsBack(r.clients, r.fault) : null,
    recoveredMs: r.fault ? recovered(r.clients, rowsByUser, sentAtById, r.fault) : null,
    serverWarnings: r.serverWarnings,
    problems,
  };
}

function groupIds(rows: StoredRow[]): Map<string, Set<string>> {
  const byUser = new Map<string, Set<string>>();
  for (const row of rows) {
    if (!byUser.has(row.userId)) byUser.set(row.userId, new Set());
    byUser.get(row.userId)!.add(row.id);
  }
  return byUser;
}

/** The slowest client to reconnect after the fault ended (0 when none had to). */
function clientsBack(clients: ClientRecord[], fault: FaultWindow): number {
  let worst = 0;
  for (const c of clients) {
    const dropped = c.disconnects.find((d) => d.at >= fault.start);
    if (!dropped) continue;
    const back = c.connects.find((at) => at > dropped.at);
    worst = Math.max(worst, back === undefined ? Infinity : back - fault.end);
  }
  return worst;
}

/** When the last client had shown everything published up to the fault's end. */
function recovered(clients: ClientRecord[], rowsByUser: Map<string, Set<string>>, sentAt: Map<string, number>, fault: FaultWindow): number {
  let last = fault.end;
  for (const c of clients) {
    for (const id of rowsByUser.get(c.userId) ?? []) {
      if ((sentAt.get(id) ?? 0) <= fault.end) last = Math.max(last, c.shown.get(id)?.at ?? Infinity);
    }
  }
  return last - fault.end;
}

function summarize(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].map(([v, n]) => `${v}×${n}`).join(", ");
}

const seconds = (ms: number | null) => (ms === null ? "-" : ms === Infinity ? "never" : `${(ms / 1000).toFixed(1)} s`);

/** The scenario's report, as printed after it ran. */
export function formatVerdict(v: Verdict): string {
  const p = v.publishes;
  const statuses = Object.entries(p.statuses).map(([s, n]) => `${s}×${n}`).join(", ") || "none";
  return [
    `── ${v.name}: ${v.problems.length === 0 ? "PASS" : "FAIL"}`,
    ...(v.faultNote ? [`   fault hit ${v.faultNote}`] : []),
    `   publishes ${p.sent}: accepted ${p.accepted}, refused ${p.refused}, unknown outcome ${p.unknown}, skipped ${p.skipped} (not accepted: ${statuses}); rows stored ${v.stored}`,
    `   shown ${v.shown} of ${v.expectedShows} expected: lost ${v.lost} (${v.lostAccepted} accepted; published before/during/after the fault ${v.lostWhen.before}/${v.lostWhen.during}/${v.lostWhen.after}${Object.entries(v.lostThrough).map(([route, n]) => `, ${route} ${n}`).join("")}), shown twice ${v.duplicates}; via live ${v.via.live}, catch-up ${v.via["catch-up"]}, reload ${v.via.reload} (${v.resyncs} resyncs)`,
    `   202 after ${v.ack ? `p50 ${v.ack.p50} ms, p99 ${v.ack.p99} ms` : "-"}; live latency ${v.latency ? `p50 ${v.latency.p50} ms, p99 ${v.latency.p99} ms, max ${v.latency.max} ms, ${v.latency.over1s} over 1 s` : "-"}`,
    `   after the fault: clients back in ${seconds(v.clientsBackMs)}, everything shown in ${seconds(v.recoveredMs)}`,
    `   instances logged: ${v.serverWarnings.join("; ") || "no warnings"}`,
    ...v.problems.map((problem) => `   ✗ ${problem}`),
  ].join("\n");
}
