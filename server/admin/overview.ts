// The console's overview, polled every few seconds: instances and their sockets, people
// online, notifications published lately, push and email outcomes in the last hour, and
// channel jobs waiting in the queue.
import { sql } from "../db/index.ts";
import { JOBS_SCHEMA } from "../jobs/queue.ts";
import { onlineAmong } from "../presence/index.ts";
import { listInstances, type InstanceSummary } from "./instances.ts";

export type Overview = {
  instances: InstanceSummary[];
  connections: number;
  peopleOnline: number;
  published: { lastMinute: number; lastHour: number };
  outcomes: { push: Record<string, number>; email: Record<string, number> };
  queue: { pending: number };
  at: string;
};

// Presence is kept per person, so "who is online" asks about active people; past this many
// the overview counts the first ones only (and says so by being a lower bound).
const PRESENCE_SCAN_LIMIT = 10_000;

export async function loadOverview(): Promise<Overview> {
  const [instances, people, published, outcomes, queue] = await Promise.all([
    listInstances(),
    sql().query<{ id: string }>("SELECT id FROM users WHERE disabled_at IS NULL LIMIT $1", [PRESENCE_SCAN_LIMIT]),
    sql().query<{ minute: string; hour: string }>(
      `SELECT count(*) FILTER (WHERE created_at > now() - interval '1 minute') AS minute, count(*) AS hour
       FROM notifications WHERE created_at > now() - interval '1 hour'`,
    ),
    sql().query<{ channel: "push" | "email"; status: string; n: string }>(
      `SELECT channel::text AS channel, status::text AS status, count(*) AS n FROM deliveries
       WHERE channel IN ('push', 'email') AND updated_at > now() - interval '1 hour' GROUP BY 1, 2`,
    ),
    sql()
      .query<{ n: string }>(`SELECT count(*) AS n FROM ${JOBS_SCHEMA}.job WHERE state IN ('created', 'retry')`)
      .catch(() => ({ rows: [{ n: "0" }] })), // no queue schema yet (jobs not started): nothing waits
  ]);
  const online = await onlineAmong(people.rows.map((r) => r.id));
  const byChannel = { push: {} as Record<string, number>, email: {} as Record<string, number> };
  for (const r of outcomes.rows) byChannel[r.channel][r.status] = Number(r.n);
  return {
    instances,
    connections: instances.reduce((sum, i) => sum + i.connections, 0),
    peopleOnline: online.size,
    published: { lastMinute: Number(published.rows[0].minute), lastHour: Number(published.rows[0].hour) },
    outcomes: byChannel,
    queue: { pending: Number(queue.rows[0].n) },
    at: new Date().toISOString(),
  };
}
