// Durable background jobs: pg-boss, in the app's own PostgreSQL (schema "pgboss"). A job is
// a definition in ./definitions/ (name, zod payload schema, handler, optional cron); this
// module is the only one that knows pg-boss. It creates each queue, schedules the cron
// ones (pg-boss sends one job per cron slot however many instances run) and works them:
// any instance may pick up a job, and a job sent while every instance is down runs when
// one comes back.
import PgBoss from "pg-boss";
import type { z } from "zod";
import { sql } from "../db/index.ts";
import { databaseUnavailableError, isDatabaseUnavailable } from "../db/unavailable.ts";
import { log } from "../log.ts";
import type { PoolClient } from "pg";
import { authPrune } from "./definitions/auth-prune.ts";
import { emailSend } from "./definitions/email-send.ts";
import { startDueEmailSweeper } from "./due-emails.ts";
import { pushSend } from "./definitions/push-send.ts";
import { retentionSweep } from "./definitions/retention-sweep.ts";
import { workspacePublish } from "./definitions/workspace-publish.ts";

export const JOBS_SCHEMA = "pgboss";

export type JobContext = {
  signal: AbortSignal;
  /** 1 for the first run, then 2, 3… for retries. */
  attempt: number;
  /** No retry follows if this run fails. */
  lastAttempt: boolean;
};

export type JobDefinition<Payload extends z.ZodType> = {
  name: string;
  payload: Payload;
  /** Cron expression (UTC) on which the job is sent, read at start. */
  cron?: () => string;
  /** How often an idle worker looks for a job of this kind (pg-boss's minimum is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** Queue options: policy, retries, expiration. */
  queue?: Omit<PgBoss.Queue, "name">;
  /** `signal` aborts when the instance shuts down; long handlers stop at the next safe point. */
  handle(payload: z.infer<Payload>, context: JobContext): Promise<void>;
};

const definitions: JobDefinition<z.ZodType>[] = [retentionSweep, authPrune, pushSend, emailSend, workspacePublish];

// This process's pg-boss, for sending jobs inside a caller's transaction.
const store = globalThis as unknown as { __heraldBoss?: PgBoss };

export type JobToSend = { definition: JobDefinition<z.ZodType>; payload: unknown; startAfterSeconds?: number; singletonKey?: string };

/**
 * Writes jobs in the caller's transaction, all in one statement: they exist only if the
 * transaction commits, so jobs and the change they belong to (a notification and its
 * email) are never apart. A job whose singletonKey exists already is not written twice.
 */
export async function sendJobsInTransaction(client: PoolClient, jobs: JobToSend[]): Promise<void> {
  if (jobs.length === 0) return;
  const boss = store.__heraldBoss;
  if (!boss) throw new Error("The job queue is not running in this process");
  const db = { executeSql: (text: string, values: unknown[]) => client.query(text, values) };
  await boss.insert(
    jobs.map((job) => ({
      name: job.definition.name,
      data: job.payload as object,
      ...(job.startAfterSeconds ? { startAfter: String(job.startAfterSeconds) } : {}),
      ...(job.singletonKey ? { singletonKey: job.singletonKey } : {}),
    })),
    { db },
  );
}

/** Sends one job on its own (not in a transaction). */
export async function sendJob<P extends z.ZodType>(definition: JobDefinition<P>, payload: z.infer<P>): Promise<void> {
  const boss = store.__heraldBoss;
  if (!boss) throw new Error("The job queue is not running in this process");
  await boss.send(definition.name, payload as object);
}

/** A sent job is picked up within this long. */
const POLLING_INTERVAL_SECONDS = 1;
/** On shutdown, a running job gets this long to reach a safe point before it is failed. */
const STOP_TIMEOUT_MS = 5000;

export type RunningJobs = {
  stop: () => Promise<void>;
  /** False once pg-boss stopped (shutdown, or on its own). */
  running: () => boolean;
  /** Jobs waiting (created or retrying) in each queue: one count query per queue. */
  queueSizes: () => Promise<Record<string, number>>;
};

export async function startJobs(databaseUrl: string): Promise<RunningJobs> {
  // Its own small pool: jobs must not take connections from requests (the handlers
  // themselves use the app's pool through sql()/db()).
  const boss = new PgBoss({ connectionString: databaseUrl, schema: JOBS_SCHEMA, max: 2, application_name: "herald-jobs" });
  // pg-boss reports worker, polling and cron errors as events; unhandled, an "error" event throws.
  boss.on("error", (error: Error & { queue?: string }) => {
    // While the database is down every poll fails: one warning per outage (server/db/unavailable.ts says it).
    if (isDatabaseUnavailable(error)) return void databaseUnavailableError(error);
    log.error({ queue: error.queue, err: error }, "job queue error");
  });
  const shutdown = new AbortController();
  let stopped = false;
  boss.on("stopped", () => (stopped = true));
  try {
    // Instances starting together on a fresh database would deadlock in pg-boss's DDL
    // (createQueue creates a partition): one at a time.
    await withSetupLock(async () => {
      await boss.start();
      for (const definition of definitions) {
        const options = { name: definition.name, ...definition.queue };
        // createQueue leaves an existing queue as it is; updateQueue applies changed options.
        await boss.createQueue(definition.name, options);
        await boss.updateQueue(definition.name, options);
        const cron = definition.cron?.();
        if (cron) await boss.schedule(definition.name, cron, {});
        else await boss.unschedule(definition.name);
      }
    });
    for (const definition of definitions) {
      const pollingIntervalSeconds = definition.pollingIntervalSeconds ?? POLLING_INTERVAL_SECONDS;
      const options = { pollingIntervalSeconds, batchSize: 1, includeMetadata: true as const };
      await boss.work(definition.name, options, async (jobs) => {
        for (const job of jobs) await runJob(definition, job, shutdown.signal);
      });
    }
  } catch (error) {
    await boss.stop({ graceful: false }).catch(() => {});
    throw error;
  }
  store.__heraldBoss = boss;
  const dueEmails = startDueEmailSweeper();
  return {
    stop: async () => {
      stopped = true;
      await dueEmails.stop();
      store.__heraldBoss = undefined;
      shutdown.abort();
      await boss.stop({ graceful: true, timeout: STOP_TIMEOUT_MS });
    },
    running: () => !stopped,
    queueSizes: async () => {
      const sizes = await Promise.all(definitions.map(async (d) => [d.name, await boss.getQueueSize(d.name)] as const));
      return Object.fromEntries(sizes);
    },
  };
}

const SETUP_LOCK = 727_365_002; // advisory lock key; migrations use 727_365_001

async function withSetupLock(setup: () => Promise<void>): Promise<void> {
  const client = await sql().connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [SETUP_LOCK]);
    await setup();
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [SETUP_LOCK]).catch(() => {});
    client.release();
  }
}

async function runJob(definition: JobDefinition<z.ZodType>, job: PgBoss.JobWithMetadata<unknown>, signal: AbortSignal): Promise<void> {
  try {
    const payload = definition.payload.safeParse(job.data ?? {});
    if (!payload.success) throw new Error(`invalid payload: ${payload.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ")}`);
    const attempt = job.retryCount + 1;
    await definition.handle(payload.data, { signal, attempt, lastAttempt: job.retryCount >= job.retryLimit });
  } catch (error) {
    // pg-boss records the failure (and retries per the queue's retryLimit); say so here too.
    log.error({ job: definition.name, id: job.id, err: error }, "job failed");
    throw error;
  }
}
