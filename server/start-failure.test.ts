// Each start-up failure becomes one line that says what is wrong and what to do. The
// errors are real ones (a port in use, a refused connection, a missing database, a failed
// migration), produced here, except where noted.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createTestDatabase } from "../tests/support/test-database.ts";
import { ConfigError, loadConfig } from "./config/index.ts";
import { migrateDatabase } from "./db/migrate.ts";
import { EmbeddedPostgresError } from "./db/postgres-process.ts";
import { connectRedis } from "./redis/connect-redis.ts";
import { describeStartFailure, startStep, type StartStep } from "./start-failure.ts";

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const undo of cleanup.splice(0).reverse()) await undo();
});

const failureAt = (at: StartStep, run: () => Promise<unknown>) => startStep(at, run).then(() => "started", describeStartFailure);

function expectOneLine(line: string) {
  expect(line).not.toContain("\n");
  expect(line).not.toMatch(/\bat .*\.ts:\d+/);
}

async function listening(port = 0): Promise<Server> {
  const server = createServer();
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(port, "127.0.0.1", resolve));
  return server;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const pgUrl = (change: (url: URL) => void) => {
  const url = new URL(inject("postgresUrl"));
  change(url);
  return url.toString();
};

describe("describeStartFailure", () => {
  it("names the port in use and PORT", async () => {
    const { port } = (await listening()).address() as { port: number };
    const line = await failureAt({ step: "listen", port, host: "127.0.0.1" }, () => listening(port));
    expect(line).toBe(`Port ${port} is already in use on 127.0.0.1: stop what uses it, or set PORT to a free port.`);
  });

  it("says PostgreSQL refused the connection, without the password", async () => {
    const port = await closedPort();
    const url = `postgresql://herald:s3cret-pw@127.0.0.1:${port}/herald`;
    const line = await failureAt({ step: "database", url, embedded: false }, () => migrateDatabase(url));
    expect(line).toBe(`Cannot connect to PostgreSQL at 127.0.0.1:${port} (connection refused): check DATABASE_URL, and that PostgreSQL runs there.`);
  });

  it("says which database is missing and how to create it", async () => {
    const url = pgUrl((u) => (u.pathname = "/herald_test_nowhere"));
    const line = await failureAt({ step: "database", url, embedded: false }, () => migrateDatabase(url));
    expect(line).toMatch(/^Database "herald_test_nowhere" does not exist on PostgreSQL at [^ ]+: create it \(createdb herald_test_nowhere\) or check DATABASE_URL\.$/);
  });

  it("says a role was refused", async () => {
    const url = pgUrl((u) => (u.username = "herald_test_nobody"));
    const line = await failureAt({ step: "database", url, embedded: false }, () => migrateDatabase(url));
    expect(line).toMatch(/refused (the connection \(.*herald_test_nobody.*\)|the password of user "herald_test_nobody"): check DATABASE_URL/);
  });

  it("says a password was refused, and never prints it", async () => {
    // The test server may trust every local connection; this is the error pg raises for code 28P01.
    const refused = Object.assign(new pg.DatabaseError('password authentication failed for user "herald"', 0, "error"), { code: "28P01" });
    const url = "postgresql://herald:s3cret-pw@db.example:6543/herald";
    const line = await failureAt({ step: "database", url, embedded: false }, () => Promise.reject(refused));
    expect(line).toBe('PostgreSQL at db.example:6543 refused the password of user "herald": check DATABASE_URL.');
  });

  it("names a failed migration and says it was rolled back", async () => {
    const database = await createTestDatabase();
    cleanup.push(() => database.drop());
    const dir = mkdtempSync(join(tmpdir(), "herald-migrations-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(join(dir, "20990101000000_broken"));
    writeFileSync(join(dir, "20990101000000_broken", "migration.sql"), "ALTER TABLE no_such_table ADD COLUMN x int;");
    const line = await failureAt({ step: "database", url: database.url, embedded: false }, () => migrateDatabase(database.url, dir));
    expect(line).toMatch(/^Migration 20990101000000_broken failed and was rolled back: relation "no_such_table" does not exist\. Fix/);
  });

  it("says Redis is unreachable and names REDIS_URL", async () => {
    const port = await closedPort();
    const url = `redis://:s3cret-pw@127.0.0.1:${port}`;
    const line = await failureAt({ step: "redis", url, variable: "REDIS_URL" }, () => connectRedis({ redisUrl: url, redisCluster: undefined }));
    expect(line).toBe(`Cannot connect to Redis at 127.0.0.1:${port} (connection refused): check REDIS_URL and that Redis runs there, or unset it to run a single instance.`);
  });

  it("names EMBEDDED_PG_PORT when the embedded PostgreSQL's port is taken", async () => {
    // What PostgreSQL 18 prints when the port is taken on every address (captured).
    const output = 'LOG:  could not bind IPv4 address "127.0.0.1": Address already in use\nWARNING:  could not create listen socket for "localhost"\nFATAL:  could not create any TCP/IP sockets\n';
    const line = await failureAt({ step: "embedded-postgres", port: 5488 }, () => Promise.reject(new EmbeddedPostgresError("postgres exited with 1 while starting", output)));
    expect(line).toBe("The embedded PostgreSQL cannot listen on port 5488, which is in use: set EMBEDDED_PG_PORT to a free port, or stop what uses it.");
  });

  it("gives PostgreSQL's own reason when the embedded one fails otherwise", async () => {
    const output = 'initdb: error: could not create directory "/srv/x/postgres": Permission denied\n';
    const line = await failureAt({ step: "embedded-postgres", port: 5488 }, () => Promise.reject(new EmbeddedPostgresError("initdb exited with 1", output)));
    expect(line).toMatch(/^The embedded PostgreSQL did not start: could not create directory "\/srv\/x\/postgres": Permission denied\. .*DATA_DIR.*DATABASE_URL/);
  });

  it("says DATA_DIR cannot be written", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "herald-start-")), "a-file");
    cleanup.push(() => rmSync(join(file, ".."), { recursive: true, force: true }));
    writeFileSync(file, "");
    let error: unknown;
    try {
      loadConfig({ DATA_DIR: join(file, "data") });
    } catch (e) {
      error = e;
    }
    expect(describeStartFailure(error)).toBe(`Cannot write ${join(file, "data")} (a parent is not a directory): make it writable, or set DATA_DIR to a directory Herald can write.`);
  });

  it("keeps the config's own message, one line per bad value", () => {
    const error = new ConfigError("Invalid configuration:\n  PORT: too big");
    expect(describeStartFailure(error)).toBe(error.message);
  });

  it("makes anything else one line and hides passwords in URLs", () => {
    const error = new Error("boom at postgresql://u:pw-123@h/db\n    at somewhere (file.ts:1:1)");
    const line = describeStartFailure(error);
    expectOneLine(line);
    expect(line).toBe("Herald could not start: boom at postgresql://u:***@h/db (LOG_LEVEL=debug logs the details).");
  });
});
