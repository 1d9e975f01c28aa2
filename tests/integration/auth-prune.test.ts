// The auth.prune job drops sign-in failures older than the throttle window and sessions
// that ended more than 30 days ago, and keeps everything else.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { loadConfig } from "../../server/config/index.ts";
import { sql } from "../../server/db/index.ts";
import { authPrune } from "../../server/jobs/definitions/auth-prune.ts";
import { createUsers } from "../support/clients.ts";
import { createTestDatabase, type TestDatabase } from "../support/test-database.ts";

let database: TestDatabase;
let dataDir: string | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), "herald-prune-"));
  loadConfig({ DATA_DIR: dataDir, SIGNIN_WINDOW_SECONDS: "900" });
  database = await createTestDatabase();
  await createUsers("zoe");
});

afterAll(async () => {
  await database?.drop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

it("prunes old failures and long-ended sessions only", async () => {
  await sql().query(`INSERT INTO sign_in_failures (email, ip, created_at) VALUES
    ('old@x', '1.1.1.1', now() - interval '16 minutes'), ('new@x', '1.1.1.1', now() - interval '1 minute')`);
  await sql().query(`INSERT INTO sessions (id, user_id, expires_at, revoked_at) VALUES
    (gen_random_uuid(), 'zoe', now() + interval '1 day', NULL),
    (gen_random_uuid(), 'zoe', now() + interval '1 day', now() - interval '31 days'),
    (gen_random_uuid(), 'zoe', now() + interval '1 day', now() - interval '2 days'),
    (gen_random_uuid(), 'zoe', now() - interval '40 days', NULL)`);

  await authPrune.handle({}, { signal: new AbortController().signal, attempt: 1, lastAttempt: true });

  const failures = await sql().query<{ email: string }>("SELECT email FROM sign_in_failures");
  expect(failures.rows.map((r) => r.email)).toEqual(["new@x"]);
  const sessions = await sql().query<{ revoked: boolean }>("SELECT revoked_at IS NOT NULL AS revoked FROM sessions ORDER BY revoked");
  expect(sessions.rows.map((r) => r.revoked)).toEqual([false, true]);
});
