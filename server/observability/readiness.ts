// Readiness: may a load balancer send this instance traffic? Every check runs in parallel
// under one timeout, so /readyz answers within it even when PostgreSQL or Redis hangs.
// /readyz is public, so a flood of probes must not become a flood of queries: concurrent
// callers share one run, and its result is reused for a moment. Reasons are short fixed
// words (no hostnames, no error text); the details go to the log when a check changes.
import { log } from "../log.ts";
import { TimeoutError, withTimeout } from "./with-timeout.ts";

/** `cause` (why a check failed) goes to the log only, never into the report. */
export type CheckResult = { ok: boolean; reason?: string; cause?: unknown };
export type Check = () => Promise<CheckResult>;
export type ReadinessStatus = "ready" | "not_ready" | "shutting_down";
export type ReadinessReport = { status: ReadinessStatus; checks: Record<string, CheckResult> };

export type Readiness = {
  check: () => Promise<ReadinessReport>;
  /** From now on every check answers shutting_down at once (SIGTERM: stop sending traffic). */
  markShuttingDown: () => void;
};

export type ReadinessOptions = { timeoutMs: number; reuseMs: number };

export const READINESS_DEFAULTS: ReadinessOptions = { timeoutMs: 2000, reuseMs: 1000 };

const SHUTTING_DOWN: ReadinessReport = { status: "shutting_down", checks: {} };

export function createReadiness(checks: Record<string, Check>, options: ReadinessOptions = READINESS_DEFAULTS): Readiness {
  let shuttingDown = false;
  let running: Promise<ReadinessReport> | undefined;
  let last: { at: number; report: ReadinessReport } | undefined;
  const wasOk = new Map<string, boolean>();

  async function runCheck(name: string, check: Check): Promise<CheckResult> {
    let result: CheckResult;
    try {
      result = await withTimeout(check(), options.timeoutMs);
    } catch (error) {
      const timedOut = error instanceof TimeoutError;
      result = { ok: false, reason: timedOut ? "timeout" : "error", cause: timedOut ? undefined : error };
    }
    const { cause, ...shown } = result;
    // Changes only: a probe every few seconds must not fill the log.
    if (result.ok !== (wasOk.get(name) ?? true)) {
      if (result.ok) log.info({ check: name }, "readiness check passes again");
      else log.warn({ check: name, reason: result.reason, err: cause }, "readiness check fails");
    }
    wasOk.set(name, result.ok);
    return shown;
  }

  async function runAll(): Promise<ReadinessReport> {
    const results = await Promise.all(Object.entries(checks).map(async ([name, check]) => [name, await runCheck(name, check)] as const));
    const status = results.every(([, r]) => r.ok) ? "ready" : "not_ready";
    return { status, checks: Object.fromEntries(results) };
  }

  return {
    check: () => {
      if (shuttingDown) return Promise.resolve(SHUTTING_DOWN);
      if (last && performance.now() - last.at < options.reuseMs) return Promise.resolve(last.report);
      running ??= runAll()
        .then((report) => {
          last = { at: performance.now(), report };
          return report;
        })
        .finally(() => (running = undefined));
      return running.then((report) => (shuttingDown ? SHUTTING_DOWN : report));
    },
    markShuttingDown: () => {
      shuttingDown = true;
    },
  };
}
