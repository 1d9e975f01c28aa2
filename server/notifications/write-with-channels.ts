// A publish's rows with their channels: the notifications and their delivery decisions
// (one statement), then their push jobs (one more), on the caller's transaction. An email
// is no job yet: its pending delivery carries its due time and is swept into one when due
// (server/jobs/due-emails.ts).
import type { PoolClient } from "pg";
import type { DispatchPlan } from "../dispatch/plan-dispatch.ts";
import { pushSend } from "../jobs/definitions/push-send.ts";
import { sendJobsInTransaction, type JobToSend } from "../jobs/queue.ts";
import { CHANNELS } from "../types/type-definition.ts";
import { writeNotifications, type NotificationContent, type RecipientDecision, type WrittenRow } from "./write-notifications.ts";

/** The decisions made before the write: a channel skipped, with why, or queued for later. */
export function decisionsFor(recipients: string[], plan: DispatchPlan): RecipientDecision[] {
  const decisions: RecipientDecision[] = [];
  for (const userId of recipients) {
    const route = plan.routes.get(userId)!;
    for (const channel of CHANNELS) {
      const step = route[channel];
      if (step.action === "skip") decisions.push({ userId, channel, status: "skipped", reason: step.reason });
      if (step.action !== "queue") continue;
      const dueInSeconds = channel === "email" ? step.afterSeconds : undefined;
      decisions.push({ userId, channel, status: "pending", reason: step.reason, dueInSeconds });
    }
  }
  return decisions;
}

/** Whether a publish routed so queues any push job. */
export const queuesJobs = (plan: DispatchPlan): boolean => [...plan.routes.values()].some((r) => r.push.action === "queue");

/** The push jobs of written rows, as their plan routes them. */
export function jobsFor(rows: WrittenRow[], plan: DispatchPlan): JobToSend[] {
  const jobs: JobToSend[] = [];
  for (const row of rows) {
    const step = plan.routes.get(row.user_id)!.push;
    if (step.action !== "queue") continue;
    jobs.push({ definition: pushSend, payload: { notificationId: row.id }, startAfterSeconds: step.afterSeconds, singletonKey: `${row.id}:push` });
  }
  return jobs;
}

/** Writes one row per recipient (only those given, routed as the plan says) with its decisions and jobs. */
export async function writeWithChannels(
  client: PoolClient,
  recipients: string[],
  inApp: boolean[],
  content: NotificationContent,
  plan: DispatchPlan,
): Promise<WrittenRow[]> {
  const rows = await writeNotifications(client, recipients, inApp, content, decisionsFor(recipients, plan));
  if (rows.length !== recipients.length) return rows; // unknown recipients: nothing was written
  await sendJobsInTransaction(client, jobsFor(rows, plan));
  return rows;
}
