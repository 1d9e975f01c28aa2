// The registry of notification types. Publishing reads a type on every notification, so
// each process keeps all types in memory (a few hundred at most), loaded once and dropped
// when any process changes one (the `types-changed` control event, PostgreSQL NOTIFY): a
// change takes effect on every instance at once. Kept on globalThis so Next's bundled code
// and the custom server share one cache and one invalidation.
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CONTROL_CHANNEL } from "../events/control-events.ts";
import { AUTO_REGISTERED_FIELDS, type NotificationType, type TypeFields } from "./type-definition.ts";

type TypeRow = {
  type: string;
  display_name: string;
  description: string;
  priority: NotificationType["priority"];
  default_channels: string | NotificationType["defaultChannels"];
  critical: boolean;
  email_after_seconds: number | null;
  batch_window_seconds: number;
  auto_registered: boolean;
  created_at: Date;
  updated_at: Date;
};

const COLUMNS =
  "type, display_name, description, priority, default_channels::text[] AS default_channels, critical, email_after_seconds, batch_window_seconds, auto_registered, created_at, updated_at";

const store = globalThis as unknown as { __heraldTypes?: Promise<Map<string, NotificationType>> };

function toType(row: TypeRow): NotificationType {
  return {
    type: row.type,
    displayName: row.display_name,
    description: row.description,
    priority: row.priority,
    defaultChannels: row.default_channels as NotificationType["defaultChannels"],
    critical: row.critical,
    emailAfterSeconds: row.email_after_seconds,
    batchWindowSeconds: row.batch_window_seconds,
    autoRegistered: row.auto_registered,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

function loadAll(): Promise<Map<string, NotificationType>> {
  store.__heraldTypes ??= sql()
    .query<TypeRow>(`SELECT ${COLUMNS} FROM notification_types`)
    .then(({ rows }) => new Map(rows.map((r) => [r.type, toType(r)])))
    .catch((error: unknown) => {
      store.__heraldTypes = undefined; // a failed load is not cached
      throw error;
    });
  return store.__heraldTypes;
}

/** Forgets the cached types (a control event said one changed). */
export function invalidateTypes(): void {
  store.__heraldTypes = undefined;
}

export async function listTypes(): Promise<NotificationType[]> {
  return [...(await loadAll()).values()].sort((a, b) => a.type.localeCompare(b.type));
}

export async function findType(type: string): Promise<NotificationType | undefined> {
  return (await loadAll()).get(type);
}

export async function requireType(type: string): Promise<NotificationType> {
  const found = await findType(type);
  if (!found) throw new AppError("not_found", `Unknown notification type ${type}`);
  return found;
}

const UPSERT = `
  WITH saved AS (
    INSERT INTO notification_types (type, display_name, description, priority, default_channels, critical,
                                    email_after_seconds, batch_window_seconds, auto_registered, updated_at)
    VALUES ($1, $2, $3, $4, $5::"Channel"[], $6, $7, $8, $9, now())
    ON CONFLICT (type) DO UPDATE SET display_name = EXCLUDED.display_name, description = EXCLUDED.description,
      priority = EXCLUDED.priority, default_channels = EXCLUDED.default_channels, critical = EXCLUDED.critical,
      email_after_seconds = EXCLUDED.email_after_seconds, batch_window_seconds = EXCLUDED.batch_window_seconds,
      auto_registered = false, updated_at = now()
    RETURNING ${COLUMNS}, (xmax = 0) AS created
  )
  SELECT saved.*, pg_notify('${CONTROL_CHANNEL}', '{"kind":"types-changed"}') FROM saved`;

/** Creates or replaces a type (declared by a service or edited by an admin); no longer auto-registered. */
export async function saveType(type: string, fields: TypeFields): Promise<{ type: NotificationType; created: boolean }> {
  const { rows } = await sql().query<TypeRow & { created: boolean }>(UPSERT, [
    type,
    fields.displayName,
    fields.description,
    fields.priority,
    fields.defaultChannels,
    fields.critical,
    fields.emailAfterSeconds,
    fields.batchWindowSeconds,
    false,
  ]);
  invalidateTypes();
  return { type: toType(rows[0]), created: rows[0].created };
}

/** The type of a publish: registered with defaults (and flagged) the first time it is used. */
export async function typeForPublish(type: string): Promise<NotificationType> {
  const known = await findType(type);
  if (known) return known;
  const fields = AUTO_REGISTERED_FIELDS(type);
  await sql().query(
    `WITH added AS (
       INSERT INTO notification_types (type, display_name, description, priority, default_channels, critical,
                                       email_after_seconds, batch_window_seconds, auto_registered, updated_at)
       VALUES ($1, $2, '', $3, $4::"Channel"[], false, $5, $6, true, now()) ON CONFLICT (type) DO NOTHING RETURNING 1
     )
     SELECT pg_notify('${CONTROL_CHANNEL}', '{"kind":"types-changed"}') FROM added`,
    [type, fields.displayName, fields.priority, fields.defaultChannels, fields.emailAfterSeconds, fields.batchWindowSeconds],
  );
  invalidateTypes();
  return requireType(type);
}

/** Creates a type unless it exists (seeds): an existing one, maybe edited by an admin, is left as it is. */
export async function createTypeIfMissing(type: string, fields: TypeFields): Promise<boolean> {
  if (await findType(type)) return false;
  const { rowCount } = await sql().query(
    `INSERT INTO notification_types (type, display_name, description, priority, default_channels, critical,
                                     email_after_seconds, batch_window_seconds, auto_registered, updated_at)
     VALUES ($1, $2, $3, $4, $5::"Channel"[], $6, $7, $8, false, now()) ON CONFLICT (type) DO NOTHING`,
    [type, fields.displayName, fields.description, fields.priority, fields.defaultChannels, fields.critical, fields.emailAfterSeconds, fields.batchWindowSeconds],
  );
  invalidateTypes();
  return rowCount === 1;
}
