// Which instances are running and how many sockets each holds, for the admin console's
// overview: each instance refreshes its own row every few seconds and deletes it when it
// stops; a row not refreshed for INSTANCE_STALE_MS is an instance that died.
import { sql } from "../db/index.ts";
import { log } from "../log.ts";

export const INSTANCE_REFRESH_MS = 5_000;
export const INSTANCE_STALE_MS = 20_000;

export type InstanceSummary = { id: string; url: string; connections: number; startedAt: string; seenAt: string; self: boolean };

const store = globalThis as unknown as { __heraldInstanceId?: string };

export function startInstanceHeartbeat(id: string, url: string, countSockets: () => number): { stop: () => Promise<void> } {
  store.__heraldInstanceId = id;
  const beat = () =>
    sql()
      .query({
        name: "instance-heartbeat",
        text: `INSERT INTO instances (id, url, connections, started_at, seen_at) VALUES ($1, $2, $3, now(), now())
               ON CONFLICT (id) DO UPDATE SET connections = EXCLUDED.connections, seen_at = now()`,
        values: [id, url, countSockets()],
      })
      .catch((err: unknown) => log.warn({ err }, "instance heartbeat failed"));
  void beat();
  const timer = setInterval(() => void beat(), INSTANCE_REFRESH_MS);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await sql().query("DELETE FROM instances WHERE id = $1", [id]).catch(() => {});
    },
  };
}

/** Live instances, oldest first; long-dead rows are pruned on the way. */
export async function listInstances(): Promise<InstanceSummary[]> {
  await sql().query("DELETE FROM instances WHERE seen_at < now() - interval '1 hour'");
  const { rows } = await sql().query<{ id: string; url: string; connections: number; started_at: Date; seen_at: Date }>(
    "SELECT id, url, connections, started_at, seen_at FROM instances WHERE seen_at > now() - make_interval(secs => $1) ORDER BY started_at",
    [INSTANCE_STALE_MS / 1000],
  );
  return rows.map((r) => ({
    id: r.id,
    url: r.url,
    connections: r.connections,
    startedAt: r.started_at.toISOString(),
    seenAt: r.seen_at.toISOString(),
    self: r.id === store.__heraldInstanceId,
  }));
}
