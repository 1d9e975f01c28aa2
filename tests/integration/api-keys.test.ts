// API keys from the command line: listed with when they were last used, and a key revoked
// with `npm run api-key:revoke` is refused at once by every instance.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { authenticateApiKey, createApiKey, forgetApiKey } from "../../server/auth/api-keys.ts";
import { sql } from "../../server/db/index.ts";
import { createUsers, eventually } from "../support/clients.ts";
import { startHerald, type HeraldProcess } from "../support/herald-process.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";
import { rawRequest } from "../support/user-api.ts";

const run = promisify(execFile);
let database: TestDatabase;
let a: HeraldProcess;
let b: HeraldProcess;
let dataDir: string | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "herald-keys-"));
  database = await createTestDatabase();
  const env = { DATABASE_URL: database.url, REDIS_URL: inject("redisUrl") };
  [a, b] = await Promise.all([startHerald(env), startHerald(env)]);
  await createUsers("wes");
});

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Runs one of the npm scripts' files against the test database. */
async function script(name: string, ...args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ["--import", "tsx", `scripts/${name}.ts`, ...args], {
      env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: "warn" },
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const publishWith = (server: HeraldProcess, secret: string) =>
  rawRequest(server.url, "POST", "/api/v1/notifications", {
    authorization: `Bearer ${secret}`,
    body: { recipients: ["wes"], type: "test.keys", title: "hello" },
  });

it("lists keys with their prefix and last use, never the secret", async () => {
  const used = await createApiKey("billing service");
  const unused = await createApiKey("never used");
  expect((await publishWith(a, used.secret)).status).toBe(202);
  await eventually(async () => (await script("api-key-list")).stdout.match(new RegExp(`${used.id}.*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\s+active`)));
  const { stdout, code } = await script("api-key-list");
  expect(code).toBe(0);
  const line = (id: string) => stdout.split("\n").find((l) => l.startsWith(id)) ?? "";
  expect(line(used.id)).toContain("billing service");
  expect(line(used.id)).toContain(`${used.prefix}…`);
  expect(line(unused.id)).toMatch(/never used\s+hk_\S+…\s+\S+ \S+\s+-\s+active$/);
  expect(stdout).not.toContain(used.secret);
});

it("revokes a key so that every instance refuses it within a second", async () => {
  const key = await createApiKey("to revoke");
  expect((await publishWith(a, key.secret)).status).toBe(202);
  expect((await publishWith(b, key.secret)).status).toBe(202);

  const revoked = await script("api-key-revoke", key.id);
  expect(revoked).toMatchObject({ code: 0, stdout: `Revoked API key ${key.id}.\n` });
  const at = Date.now();
  for (const server of [b, a]) {
    const res = await eventually(async () => {
      const answer = await publishWith(server, key.secret);
      return answer.status === 401 && answer;
    }, 1000);
    expect(res.body.error.code).toBe("unauthorized");
  }
  expect(Date.now() - at).toBeLessThan(1000);
  expect((await script("api-key-list")).stdout).toMatch(new RegExp(`${key.id}.*revoked \\d{4}`));
  expect(await script("api-key-revoke", key.id)).toMatchObject({ code: 1, stderr: `No active API key with id ${key.id}.\n` });
  expect((await script("api-key-revoke", "not-an-id")).code).toBe(2);
});

it("does not cache a key whose check was under way when a revocation was heard", async () => {
  const key = await createApiKey("revoked mid-check");
  const checking = authenticateApiKey(`Bearer ${key.secret}`);
  // The revocation's announcement arrives while that lookup is still reading the key as valid.
  forgetApiKey(key.id);
  expect((await checking).id).toBe(key.id);
  await sql().query("UPDATE api_keys SET revoked_at = now() WHERE id = $1", [key.id]);
  // Had the lookup cached its answer, this would be served from the cache for a minute.
  await expect(authenticateApiKey(`Bearer ${key.secret}`)).rejects.toMatchObject({ code: "unauthorized" });
});
