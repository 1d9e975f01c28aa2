// The faults the suite injects under traffic, each repaired the way operations would: Redis
// comes back (empty) after a crash, a frozen Redis resumes, a crashed instance is restarted
// by its supervisor, a deploy restarts an instance, PostgreSQL restarts. Instance faults hit
// B; clients of both instances and publishes through both are in every scenario.
import type { Fault } from "./harness/run-scenario.ts";
import type { RedisTopology } from "../support/infra/redis.ts";
import { startStandaloneRedis } from "../support/infra/redis.ts";
import { clusterTopology } from "../support/infra/redis-cluster-topology.ts";

export type Scenario = { name: string; fault?: Fault };

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now();

const redisKilled: Fault = async ({ redis }) => {
  const start = now();
  const hit = await redis.killNode();
  await delay(3000);
  const outcome = await redis.restartNode();
  return { start, end: now(), note: [hit, outcome].filter(Boolean).join("; ") };
};

const redisPaused: Fault = async ({ redis }) => {
  const start = now();
  const hit = await redis.pauseNode();
  await delay(5000);
  const outcome = await redis.resumeNode();
  return { start, end: now(), note: [hit, outcome].filter(Boolean).join("; ") };
};

const instanceKilled: Fault = async ({ instances }) => {
  const start = now();
  await instances[1].kill();
  await instances[1].ensureRunning();
  return { start, end: now() };
};

const instanceRestarted: Fault = async ({ instances }) => {
  const start = now();
  await instances[1].stopGracefully();
  await instances[1].ensureRunning();
  return { start, end: now() };
};

const postgresRestarted: Fault = async ({ postgres }) => {
  const start = now();
  await postgres.stop();
  await postgres.start();
  return { start, end: now() };
};

/** Faults of the shared Redis: run against every Redis topology. */
export const redisScenarios: Scenario[] = [
  { name: "redis-killed-3s", fault: redisKilled },
  { name: "redis-paused-5s", fault: redisPaused },
];

export const allScenarios: Scenario[] = [
  { name: "baseline" },
  ...redisScenarios,
  { name: "instance-killed", fault: instanceKilled },
  { name: "instance-restarted-gracefully", fault: instanceRestarted },
  { name: "postgres-restarted", fault: postgresRestarted },
];

export type Topology = { name: string; start: (dir: string) => Promise<RedisTopology>; scenarios: Scenario[] };

/**
 * The Redis deployments the suite runs against. A standalone server gets every scenario;
 * a Redis Cluster (3 masters, sharded pub/sub) gets the Redis faults, which hit the master
 * carrying the most users' channels. With a replica per master (production's setup) that
 * master fails over: cluster-node-timeout 1 s, so the replica takes over within the
 * scenario's 3 s kill and 5 s freeze. Without replicas its slots are down until it is
 * back; with Redis's default 15 s node timeout the cluster never declares it failed
 * (nothing to fail over to), so the other masters' slots stay up meanwhile. Its 5 s freeze
 * would be a stall like the standalone one: left out to keep the suite short.
 */
export const topologies: Topology[] = [
  { name: "standalone", start: startStandaloneRedis, scenarios: allScenarios },
  { name: "cluster", start: clusterTopology({ replicasPerMaster: 1, nodeTimeoutMs: 1000 }), scenarios: redisScenarios },
  { name: "cluster without replicas", start: clusterTopology({ replicasPerMaster: 0, nodeTimeoutMs: 15_000 }), scenarios: redisScenarios.filter((s) => s.name === "redis-killed-3s") },
];
