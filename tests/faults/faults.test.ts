// The fault suite (`npm run test:faults`): two Herald instances on the suite's own
// PostgreSQL and Redis, clients (lib/inbox-client.ts) on both, a publisher streaming to them,
// and one fault per scenario. Each scenario passes only if every notification stored for a
// user was shown exactly once on each of that user's clients, nothing refused was stored,
// refusals say 503 + Retry-After, and no instance exited on its own. See README, "Fault suite".
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureHealthy, type Infra, type Settings } from "./harness/run-scenario.ts";
import { runScenario } from "./harness/run-scenario.ts";
import { formatVerdict, type Verdict } from "./harness/verdict.ts";
import { createInstance } from "../support/infra/instances.ts";
import { startPostgres } from "../support/infra/postgres.ts";
import { topologies } from "./scenarios.ts";

const env = process.env;
const settings: Settings = {
  users: Number(env.FAULTS_USERS ?? 60),
  ratePerSecond: Number(env.FAULTS_RATE ?? 150),
  beforeMs: 3000,
  afterMs: Number(env.FAULTS_AFTER_MS ?? 5000),
  settleMs: Number(env.FAULTS_SETTLE_MS ?? 30_000),
  maxInFlight: 500,
  dropEvery: env.FAULTS_DROP_EVERY ? Number(env.FAULTS_DROP_EVERY) : undefined,
};

for (const topology of topologies) {
  describe(`fault suite, Redis ${topology.name}`, () => {
    let dir: string | undefined;
    let infra: Infra | undefined;
    const verdicts: Verdict[] = [];
    // Whatever started is stopped, newest first, even when a later start failed.
    const stops: (() => Promise<unknown>)[] = [];

    beforeAll(async () => {
      const made = (dir = mkdtempSync(join(tmpdir(), "herald-faults-")));
      chmodSync(made, 0o755); // PostgreSQL runs as its own user when we are root
      const postgres = await startPostgres(join(made, "postgres"));
      stops.push(() => postgres.stop());
      mkdirSync(join(made, "redis"));
      const redis = await topology.start(join(made, "redis"));
      stops.push(() => redis.stop());
      const instanceEnv = () => ({ DATABASE_URL: postgres.url, ...redis.env });
      const instances = [await createInstance("A", made, instanceEnv), await createInstance("B", made, instanceEnv)];
      stops.push(() => Promise.all(instances.map((i) => i.kill())));
      infra = { postgres, redis, instances };
      await ensureHealthy(infra);
    });

    afterAll(async () => {
      if (verdicts.length > 0) console.log(summaryTable(topology.name, verdicts));
      for (const stop of stops.reverse()) await stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it.each(topology.scenarios.map((s, i) => ({ ...s, seed: i + 1 })))("$name", async ({ name, fault, seed }) => {
      const verdict = await runScenario(infra!, `${name} (${topology.name})`, fault, settings, seed);
      verdicts.push(verdict);
      console.log(formatVerdict(verdict));
      expect(verdict.problems).toEqual([]);
    });
  });
}

function summaryTable(topology: string, verdicts: Verdict[]): string {
  const s = (ms: number | null) => (ms === null ? "-" : ms === Infinity ? "never" : (ms / 1000).toFixed(1));
  const rows = [
    ["", "scenario", "accepted", "refused", "unknown", "shown", "lost", "twice", "back s", "recovered s", "p99 ms"],
    ...verdicts.map((v) => {
      const p = v.publishes;
      return [v.problems.length ? "FAIL" : "ok", v.name, p.accepted, p.refused, p.unknown, v.shown, v.lost, v.duplicates, s(v.clientsBackMs), s(v.recoveredMs), v.latency?.p99 ?? "-"].map(String);
    }),
  ];
  const widths = rows[0].map((_, col) => Math.max(...rows.map((r) => r[col].length)));
  return [`fault suite, Redis ${topology}:`, ...rows.map((r) => r.map((cell, col) => cell.padEnd(widths[col])).join("  "))].join("\n");
}
