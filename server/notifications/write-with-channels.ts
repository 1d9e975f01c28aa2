// A publish's rows with their channels: the notifications and their delivery decisions
// (one statement), then their push and email jobs (one more), on the caller's transaction.
import type { PoolClient } from "pg";
import type { DispatchPlan } from "../dispatch/plan-dispatch.ts";
import { emailSend } from "../jobs/definitions/email-send.ts";
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
      if (step.action === "queue") decisions.push({ userId, channel, status: "pending", reason: step.reason });
    }
  }
  return decisions;
}

/** Whether a publish routed so queues any push or email job. */
export const queuesJobs = (plan: DispatchPlan): boolean => [...plan.routes.values()].some((r) => r.push.action === "queue" || r.email.action === "queue");

/** The push and email jobs of written rows, as their plan routes them. */
export function jobsFor(rows: WrittenRow[], plan: DispatchPlan): JobToSend[] {
  const jobs: JobToSend[] = [];
  for (const row of rows) {
    const route = plan.routes.get(row.user_id)!;
    for (const channel of ["push", "email"] as const) {
      const step = route[channel];
      if (step.action !== "queue") continue;
      const definition = channel === "push" ? pushSend : emailSend;
      jobs.push({ definition, payload: { notificationId: row.id }, startAfterSeconds: step.afterSeconds, singletonKey: `${row.id}:${channel}` });
    }
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
