import { describe, expect, it } from "vitest";
import { createReadiness, type Check } from "./readiness.ts";

const pass: Check = async () => ({ ok: true });
const never: Check = () => new Promise(() => {});
const options = { timeoutMs: 50, reuseMs: 0 };

describe("createReadiness", () => {
  it("is ready when every check passes, listing each", async () => {
    const readiness = createReadiness({ database: pass, redis: async () => ({ ok: true, reason: "not configured" }) }, options);
    expect(await readiness.check()).toEqual({
      status: "ready",
      checks: { database: { ok: true }, redis: { ok: true, reason: "not configured" } },
    });
  });

  it("is not ready when one check fails, and keeps the others' results", async () => {
    const readiness = createReadiness({ database: pass, jobs: async () => ({ ok: false, reason: "stopped" }) }, options);
    expect(await readiness.check()).toEqual({
      status: "not_ready",
      checks: { database: { ok: true }, jobs: { ok: false, reason: "stopped" } },
    });
  });

  it("answers within the timeout when a check hangs, and hides a thrown error's text", async () => {
    const readiness = createReadiness(
      {
        database: never,
        redis: async () => {
          throw new Error("connect ECONNREFUSED 10.1.2.3:6379");
        },
      },
      options,
    );
    expect(await readiness.check()).toEqual({
      status: "not_ready",
      checks: { database: { ok: false, reason: "timeout" }, redis: { ok: false, reason: "error" } },
    });
  });

  it("answers shutting_down at once after markShuttingDown, even while a check hangs", async () => {
    const hanging = createReadiness({ database: never }, { timeoutMs: 60_000, reuseMs: 0 });
    void hanging.check();
    hanging.markShuttingDown();
    expect(await hanging.check()).toEqual({ status: "shutting_down", checks: {} });

    // A probe in flight when shutdown begins does not report ready either.
    const slow = createReadiness({ database: () => new Promise((r) => setTimeout(() => r({ ok: true }), 20)) }, options);
    const inFlight = slow.check();
    slow.markShuttingDown();
    expect((await inFlight).status).toBe("shutting_down");
  });

  it("runs the checks once for concurrent callers and reuses a fresh result", async () => {
    let runs = 0;
    const counted: Check = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 20));
      return { ok: true };
    };
    const shared = createReadiness({ database: counted }, { timeoutMs: 1000, reuseMs: 60_000 });
    await Promise.all([shared.check(), shared.check(), shared.check()]);
    await shared.check();
    expect(runs).toBe(1);

    const fresh = createReadiness({ database: counted }, { timeoutMs: 1000, reuseMs: 0 });
    await fresh.check();
    await fresh.check();
    expect(runs).toBe(3);
  });
});
