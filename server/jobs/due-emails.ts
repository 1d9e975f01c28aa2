// The email fallback's waiting room. A publish does not write an email.send job: its
// pending email delivery carries the due time, in the publish's one statement. Every
// instance sweeps the due ones, in batches, into email.send jobs, in one transaction that
// also clears their due time, so each delivery becomes exactly one job (SKIP LOCKED lets
// instances share the work without waiting on each other). The job does what it always did
// (server/channels/email/deliver-email.ts): sends unless the notification was read or
// turned off first. A notification cleared or deleted by retention before it was due takes
// its delivery with it, so no job is ever made for it.
import { withTransaction } from "../db/transaction.ts";
import { databaseUnavailableError, isDatabaseUnavailable } from "../db/unavailable.ts";
import { log } from "../log.ts";
import { emailSend } from "./definitions/email-send.ts";
import { sendJobsInTransaction } from "./queue.ts";

/** How often each instance looks for due emails: the most an email waits past its due time, besides the queue's own polling. */
export const DUE_EMAIL_SWEEP_MS = 500;
const BATCH = 500;

const CLAIM_DUE = `
  WITH due AS (
    SELECT notification_id FROM deliveries
    WHERE due_at <= now() AND channel = 'email'
    ORDER BY due_at LIMIT $1
    FOR UPDATE SKIP LOCKED
  )
  UPDATE deliveries d SET due_at = NULL
  FROM due WHERE d.notification_id = due.notification_id AND d.channel = 'email'
  RETURNING d.notification_id`;

/** Turns what is due into email.send jobs, a batch per transaction; how many. */
export async function sweepDueEmails(): Promise<number> {
  let total = 0;
  for (;;) {
    const claimed = await withTransaction(async (client) => {
      const { rows } = await client.query<{ notification_id: string }>({ name: "claim-due-emails", text: CLAIM_DUE, values: [BATCH] });
      await sendJobsInTransaction(
        client,
        rows.map((r) => ({ definition: emailSend, payload: { notificationId: r.notification_id }, singletonKey: `${r.notification_id}:email` })),
      );
      return rows.length;
    });
    total += claimed;
    if (claimed < BATCH) return total;
  }
}

/** Sweeps every DUE_EMAIL_SWEEP_MS until stopped; a failed sweep is logged and tried again next time. */
export function startDueEmailSweeper(): { stop: () => Promise<void> } {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let current: Promise<void> = Promise.resolve();
  const tick = () => {
    current = sweepDueEmails().then(
      () => {},
      (error: unknown) => {
        if (isDatabaseUnavailable(error)) databaseUnavailableError(error);
        else log.error({ err: error }, "due email sweep failed");
      },
    );
    void current.then(() => {
      if (!stopped) timer = setTimeout(tick, DUE_EMAIL_SWEEP_MS);
    });
  };
  timer = setTimeout(tick, DUE_EMAIL_SWEEP_MS);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
