// The faults the suite injects under traffic, each repaired the way operations would: Redis
// comes back (empty) after a crash, a frozen Redis resumes, a crashed instance is restarted
// by its supervisor, a deploy restarts an instance, PostgreSQL restarts. Instance faults hit
// B; clients of both instances and publishes through both are in every scenario.
import type { Fault } from "./harness/run-scenario.ts";
import type { RedisTopology } from "../support/infra/redis.ts";
import { startStandaloneRedis } from "../support/infra/redis.ts";

export type Scenario = { name: string; fault?: Fault };

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const now = () => Date.now();

const redisKilled: Fault = async ({ redis }) => {
  const start = now();
  await redis.killNode();
  await delay(3000);
  await redis.restartNode();
  return { start, end: now() };
};

const redisPaused: Fault = async ({ redis }) => {
  const start = now();
  redis.pauseNode();
  await delay(5000);
  redis.resumeNode();
  return { start, end: now() };
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
 * The Redis deployments the suite runs against. A standalone server gets every scenario.
 * REDIS CLUSTER: add { name: "cluster", start: <a RedisTopology over tests/support/redis-cluster.ts>,
 * scenarios: redisScenarios } here; its killNode() kills one master, so redis-killed-3s becomes
 * "kill one Redis Cluster master". Herald must first accept a cluster in its configuration.
 */
export const topologies: Topology[] = [{ name: "standalone", start: startStandaloneRedis, scenarios: allScenarios }];
