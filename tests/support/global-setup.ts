// Finds the real PostgreSQL and Redis that the tests use, once per run:
// TEST_DATABASE_URL (default: the local server on 127.0.0.1:5432, else an embedded
// PostgreSQL started for this run) and TEST_REDIS_URL (default redis://127.0.0.1:6379).
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";
import { embeddedUrl, startEmbeddedPostgres } from "../../server/db/embedded.ts";
import { databaseAnswers } from "../../server/db/open-database.ts";

declare module "vitest" {
  export interface ProvidedContext {
    postgresUrl: string;
    redisUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let postgresUrl = process.env.TEST_DATABASE_URL ?? `postgresql://${userInfo().username}@127.0.0.1:5432/postgres`;
  let teardown = async () => {};
  if (!(await databaseAnswers(postgresUrl))) {
    if (process.env.TEST_DATABASE_URL) throw new Error(`TEST_DATABASE_URL does not answer: ${postgresUrl}`);
    const dataDir = mkdtempSync(join(tmpdir(), "herald-test-pg-"));
    chmodSync(dataDir, 0o755); // PostgreSQL runs as its own user when we are root
    const options = { dataDir, port: 55_000 + Math.floor(Math.random() * 5000), password: "herald" };
    const server = await startEmbeddedPostgres(options);
    postgresUrl = embeddedUrl(options, "postgres");
    teardown = async () => {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const redisUrl = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new Error(`Redis does not answer at ${redisUrl} (set TEST_REDIS_URL): ${(error as Error).message}`, { cause: error });
  } finally {
    redis.disconnect();
  }
  project.provide("postgresUrl", postgresUrl);
  project.provide("redisUrl", redisUrl);
  return teardown;
}
