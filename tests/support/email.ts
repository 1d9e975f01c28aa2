// The email channel as a test sees it: types declared over the service API, the delivery
// log read over the API until a job has settled, and the email.send jobs as pg-boss holds them.
import { expect } from "vitest";
import { sql } from "../../server/db/index.ts";
import { eventually, type Api } from "./clients.ts";

export type EmailDelivery = { channel: "email"; status: string; reason: string; attempts: number };

/** Declares (or replaces) a type over PUT /api/v1/types/{type}. */
export async function defineType(api: Api, type: string, body: Record<string, unknown>): Promise<void> {
  const res = await api.request("PUT", `/api/v1/types/${type}`, body);
  if (res.status !== 200 && res.status !== 201) throw new Error(`type ${type}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** Publishes one notification to one person; returns its id. */
export async function publishOne(api: Api, userId: string, fields: { type: string; title: string; body?: string; actionUrl?: string }): Promise<string> {
  const res = await api.request("POST", "/api/v1/notifications", { recipients: [userId], ...fields });
  if (res.status !== 202) throw new Error(`publish: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.notifications[0].id as string;
}

export async function emailDelivery(api: Api, notificationId: string): Promise<EmailDelivery> {
  const res = await api.request("GET", `/api/v1/notifications/${notificationId}/deliveries`);
  expect(res.status).toBe(200);
  return (res.body.deliveries as EmailDelivery[]).find((d) => d.channel === "email")!;
}

/** Waits until the email job has settled the delivery (sent, skipped or failed). */
export async function settledEmail(api: Api, notificationId: string, timeoutMs = 30_000): Promise<EmailDelivery> {
  return eventually(async () => {
    const delivery = await emailDelivery(api, notificationId);
    return !["pending", "retrying"].includes(delivery.status) && delivery;
  }, timeoutMs, 100);
}

/** The email.send jobs of a notification, as pg-boss holds them (active and archived). */
export async function emailJobs(notificationId: string): Promise<{ state: string; retryCount: number }[]> {
  const { rows } = await sql().query<{ state: string; retry_count: number }>(
    `SELECT state::text AS state, retry_count FROM pgboss.job WHERE name = 'email.send' AND data->>'notificationId' = $1
     UNION ALL SELECT state::text, retry_count FROM pgboss.archive WHERE name = 'email.send' AND data->>'notificationId' = $1`,
    [notificationId],
  );
  return rows.map((r) => ({ state: r.state, retryCount: r.retry_count }));
}

/**
 * The notification's email jobs once none is waiting or running: pg-boss records a job
 * completed just after the handler wrote its outcome, so the delivery log settles first.
 */
export async function finishedEmailJobs(notificationId: string, timeoutMs = 30_000): Promise<{ state: string; retryCount: number }[]> {
  return eventually(async () => {
    const jobs = await emailJobs(notificationId);
    return jobs.length > 0 && jobs.every((j) => !["created", "retry", "active"].includes(j.state)) && jobs;
  }, timeoutMs, 100);
}
