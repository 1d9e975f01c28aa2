// Group commit: publishes that arrive while earlier ones are being written wait for the
// next write and share its statement and commit (one round trip, one WAL flush), as
// PostgreSQL itself groups commits. Nothing waits on a timer: with a write slot free, a
// publish is written at once, alone; only when both slots are busy does a queue form, and
// the next free slot takes everything queued (up to MAX_ROWS rows). So latency at a low
// rate is a lone write's, and under load the cost per notification falls as the rate rises.
//
// Guarantees kept: a publish resolves only after its rows are committed; rows get their
// positions in queue order (a person's notifications in one statement are numbered in the
// order they arrived, server/notifications/write-notifications.ts); one publish's unknown
// recipients write nothing of it but do not touch the others; a statement that fails in
// the database (committed nothing) is retried publish by publish, so one bad publish fails
// only itself. A lost connection fails the group: whether it committed is unknown, as for a
// lone publish, and the caller's retry with an Idempotency-Key is the answer.
import { sql } from "../db/index.ts";
import { withTransaction } from "../db/transaction.ts";
import type { DispatchPlan } from "../dispatch/plan-dispatch.ts";
import { sendJobsInTransaction } from "../jobs/queue.ts";
import { observePublishGroup } from "../observability/record.ts";
import { writeNotificationBatch, type PublishWrite, type WrittenRow } from "./write-notifications.ts";
import { jobsFor, queuesJobs } from "./write-with-channels.ts";

/** Writes at once per process; more would split groups, fewer would queue behind a slow write (a lock wait). */
const MAX_IN_FLIGHT = 2;
/** Rows per statement at most (a publish has at most 1,000 recipients; one larger than this goes alone). */
const MAX_ROWS = 2000;

type Waiting = { write: PublishWrite; plan: DispatchPlan; resolve: (rows: WrittenRow[]) => void; reject: (error: unknown) => void };

const queue: Waiting[] = [];
let inFlight = 0;

/** Writes one publish (not grouped by storm control) with the next group; its rows, or none when a recipient is unknown. */
export function writeGrouped(write: PublishWrite, plan: DispatchPlan): Promise<WrittenRow[]> {
  return new Promise((resolve, reject) => {
    queue.push({ write, plan, resolve, reject });
    pump();
  });
}

function pump(): void {
  while (inFlight < MAX_IN_FLIGHT && queue.length > 0) {
    const group = takeGroup();
    inFlight++;
    void commitGroup(group).finally(() => {
      inFlight--;
      pump();
    });
  }
}

function takeGroup(): Waiting[] {
  let rows = queue[0].write.recipients.length;
  let size = 1;
  while (size < queue.length && rows + queue[size].write.recipients.length <= MAX_ROWS) rows += queue[size++].write.recipients.length;
  return queue.splice(0, size);
}

async function commitGroup(group: Waiting[]): Promise<void> {
  observePublishGroup(group.length);
  try {
    const written = await writeGroup(group);
    group.forEach((waiting, i) => waiting.resolve(written[i]));
  } catch (error) {
    if (group.length === 1 || !answeredByDatabase(error)) {
      for (const waiting of group) waiting.reject(error);
      return;
    }
    // Nothing was committed: each publish on its own, so only a faulty one fails.
    await Promise.all(group.map((waiting) => writeGroup([waiting]).then(([rows]) => waiting.resolve(rows), waiting.reject)));
  }
}

/** The group's rows in one statement; in a transaction with their push jobs when any has some (emails wait as due deliveries). */
function writeGroup(group: Waiting[]): Promise<WrittenRow[][]> {
  const writes = group.map((waiting) => waiting.write);
  if (!group.some((waiting) => queuesJobs(waiting.plan))) return writeNotificationBatch(sql(), writes);
  return withTransaction(async (client) => {
    const written = await writeNotificationBatch(client, writes);
    await sendJobsInTransaction(client, written.flatMap((rows, i) => jobsFor(rows, group[i].plan)));
    return written;
  });
}

/**
 * An error PostgreSQL reported for the statement (it carries an SQLSTATE): the statement, or
 * the transaction around it, committed nothing. A broken connection carries none.
 */
function answeredByDatabase(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !code.startsWith("08");
}
