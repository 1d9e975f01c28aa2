// A server that cannot start says why in one line and exits 1: no stack trace, no
// "uncaught exception", no password.
import { createServer, type Server } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runFailingHerald } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let taken: Server;
let takenPort: number;

let takenIpv6: Server | undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  takenPort = (taken.address() as { port: number }).port;
  // PostgreSQL listens on "localhost": with IPv6 it would start on ::1 alone, so take that too.
  takenIpv6 = createServer();
  await new Promise<void>((resolve) => takenIpv6!.once("error", () => resolve()).listen(takenPort, "::1", resolve));
});

afterAll(async () => {
  for (const server of [taken, takenIpv6]) await new Promise((resolve) => (server?.listening ? server.close(resolve) : resolve(null)));
  await database?.drop();
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function expectOneLine(result: { code: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(result.code).toBe(1);
  const lines = result.stderr.split("\n").filter((l) => l.trim() !== "");
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  const everything = result.stdout + result.stderr;
  expect(everything).not.toMatch(/^\s+at /m);
  expect(everything).not.toMatch(/uncaught exception|"stack"/);
}

describe("a failed start", () => {
  it("names the port in use and the PORT variable", async () => {
    const result = await runFailingHerald({ DATABASE_URL: database.url, PORT: String(takenPort) });
    expectOneLine(result, new RegExp(`^Port ${takenPort} is already in use .*set PORT`));
  });

  it("says the database refused the connection, without its password", async () => {
    const port = await closedPort();
    const result = await runFailingHerald({ DATABASE_URL: `postgresql://herald:hunter2-secret@127.0.0.1:${port}/herald` });
    expectOneLine(result, new RegExp(`^Cannot connect to PostgreSQL at 127\\.0\\.0\\.1:${port} \\(connection refused\\): check DATABASE_URL`));
    expect(result.stdout + result.stderr).not.toContain("hunter2-secret");
  });

  it("says which database is missing", async () => {
    const url = new URL(database.url);
    url.pathname = "/herald_test_missing";
    const result = await runFailingHerald({ DATABASE_URL: url.toString() });
    expectOneLine(result, /^Database "herald_test_missing" does not exist .*createdb herald_test_missing/);
  });

  it("says Redis is unreachable and names REDIS_URL", async () => {
    const port = await closedPort();
    const result = await runFailingHerald({ DATABASE_URL: database.url, REDIS_URL: `redis://127.0.0.1:${port}` });
    expectOneLine(result, new RegExp(`^Cannot connect to Redis at 127\\.0\\.0\\.1:${port} \\(connection refused\\): check REDIS_URL`));
  });

  it("says the embedded PostgreSQL's port is taken and names EMBEDDED_PG_PORT", async () => {
    const result = await runFailingHerald({ DATABASE_URL: "", EMBEDDED_PG_PORT: String(takenPort) });
    expectOneLine(result, new RegExp(`^The embedded PostgreSQL cannot listen on port ${takenPort}, .*set EMBEDDED_PG_PORT`));
  });
});
