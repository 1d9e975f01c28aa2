// Every deployment gets its own namespace in Redis, with no configuration: an installation
// id created in its own database on first start (HERALD_NAMESPACE overrides it, for
// blue/green deployments that must share live traffic). Every channel and key Herald uses
// in Redis starts with it, so deployments sharing one Redis never see each other.
import { randomBytes } from "node:crypto";
import { sql } from "../db/index.ts";

export type RedisNames = {
  namespace: string;
  /** Prefix of the Socket.IO adapter's channels. */
  channelPrefix: string;
  /** A key in this deployment's namespace, e.g. key("presence", userId). */
  key: (...parts: string[]) => string;
};

export async function resolveNamespace(configured: string | undefined): Promise<string> {
  if (configured) return configured;
  // The first instance to start creates it; every later one reads the same row.
  const { rows } = await sql().query<{ namespace: string }>(
    `INSERT INTO installation (id, namespace) VALUES (1, $1)
     ON CONFLICT (id) DO UPDATE SET id = installation.id RETURNING namespace`,
    [randomBytes(8).toString("hex")],
  );
  return rows[0].namespace;
}

export function redisNames(namespace: string): RedisNames {
  const prefix = `herald:${namespace}`;
  return { namespace, channelPrefix: prefix, key: (...parts) => [prefix, ...parts].join(":") };
}
