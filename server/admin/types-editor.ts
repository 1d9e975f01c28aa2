// The console's types editor. An admin edits what they saw: the save names the version
// (updatedAt) it was based on, and is refused with 409 when someone changed the type since,
// rather than overwriting their change. Saving also marks an auto-registered type reviewed.
// Every instance drops its cached types at once (the types-changed NOTIFY, same statement).
import { z } from "zod";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CONTROL_CHANNEL } from "../events/control-events.ts";
import { CHANNELS, PRIORITIES, type NotificationType } from "../types/type-definition.ts";
import { findType, invalidateTypes } from "../types/type-registry.ts";
import { writeAudit } from "./audit-log.ts";
import type { AdminId } from "./guard.ts";

export const adminTypeBody = z.strictObject({
  displayName: z.string().trim().min(1, "a name is required").max(100),
  description: z.string().trim().max(500),
  priority: z.enum(PRIORITIES),
  defaultChannels: z
    .array(z.enum(CHANNELS))
    .min(1, "at least one channel")
    .refine((c) => new Set(c).size === c.length, "each channel once"),
  critical: z.boolean(),
  emailAfterSeconds: z.number().int().min(0).max(7 * 86_400).nullable(),
  batchWindowSeconds: z.number().int().min(0).max(86_400),
  /** The updatedAt of the version this edit started from. */
  expectedUpdatedAt: z.iso.datetime(),
});
export type AdminTypeInput = z.infer<typeof adminTypeBody>;

export async function updateTypeChecked(actor: AdminId, type: string, input: AdminTypeInput): Promise<NotificationType> {
  invalidateTypes(); // compare with the database, not a cache that may be a moment old
  const before = await findType(type);
  if (!before) throw new AppError("not_found", `Unknown notification type ${type}`);
  const { rowCount } = await sql().query(
    `WITH saved AS (
       UPDATE notification_types SET display_name = $2, description = $3, priority = $4, default_channels = $5::"Channel"[],
         critical = $6, email_after_seconds = $7, batch_window_seconds = $8, auto_registered = false, updated_at = now()
       WHERE type = $1 AND updated_at = $9::timestamptz RETURNING type
     )
     SELECT pg_notify('${CONTROL_CHANNEL}', '{"kind":"types-changed"}') FROM saved`,
    [type, input.displayName, input.description, input.priority, input.defaultChannels, input.critical, input.emailAfterSeconds, input.batchWindowSeconds, input.expectedUpdatedAt],
  );
  invalidateTypes();
  if (rowCount !== 1) {
    const current = await findType(type);
    if (!current) throw new AppError("not_found", `Unknown notification type ${type}`);
    throw new AppError("conflict", `${type} was changed by someone else at ${current.updatedAt}; reload to see their change, then edit again`, {
      current,
    });
  }
  const after = (await findType(type))!;
  const { expectedUpdatedAt: _, ...fields } = input;
  await writeAudit({ actor, action: before.autoRegistered ? "type.review" : "type.update", target: type, before: strip(before), after: { ...strip(after), ...fields } });
  return after;
}

const strip = ({ createdAt: _c, updatedAt: _u, type: _t, ...fields }: NotificationType) => fields;
