// The console's types editor. An admin edits what they saw: the save names the version
// (updatedAt) it was based on, and is refused with 409 when someone changed the type since,
// rather than overwriting their change. Saving also marks an auto-registered type reviewed.
// Every instance drops its cached types at once (the types-changed NOTIFY, same statement).
// The save and its audit entry are one transaction.
import { z } from "zod";
import { AppError } from "../errors.ts";
import { CONTROL_CHANNEL } from "../events/control-events.ts";
import { CHANNELS, PRIORITIES, type NotificationType } from "../types/type-definition.ts";
import { findType, invalidateTypes } from "../types/type-registry.ts";
import { audited } from "./audit-log.ts";
import type { AdminActor } from "./guard.ts";

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

export async function updateTypeChecked(actor: AdminActor, type: string, input: AdminTypeInput): Promise<NotificationType> {
  const { expectedUpdatedAt, ...fields } = input;
  const saved = await audited(async (client) => {
    // The type's row is locked for the save, so what the registry reads below is the version
    // being replaced (no one else can commit a change to it until this transaction ends).
    const locked = await client.query("SELECT 1 FROM notification_types WHERE type = $1 FOR UPDATE", [type]);
    if (locked.rowCount === 0) throw new AppError("not_found", `Unknown notification type ${type}`);
    invalidateTypes(); // compare with the database, not a cache that may be a moment old
    const before = (await findType(type))!;
    const { rowCount } = await client.query(
      `WITH saved AS (
         UPDATE notification_types SET display_name = $2, description = $3, priority = $4, default_channels = $5::"Channel"[],
           critical = $6, email_after_seconds = $7, batch_window_seconds = $8, auto_registered = false, updated_at = now()
         WHERE type = $1 AND updated_at = $9::timestamptz RETURNING type
       )
       SELECT pg_notify('${CONTROL_CHANNEL}', '{"kind":"types-changed"}') FROM saved`,
      [type, input.displayName, input.description, input.priority, input.defaultChannels, input.critical, input.emailAfterSeconds, input.batchWindowSeconds, expectedUpdatedAt],
    );
    if (rowCount !== 1) return { result: { conflict: before }, entry: null };
    const after = { ...strip(before), ...fields, autoRegistered: false };
    return { result: null, entry: { actor, action: before.autoRegistered ? "type.review" : "type.update", target: type, before: strip(before), after } };
  });
  invalidateTypes(); // the NOTIFY reaches this process too, a moment later
  if (saved) {
    throw new AppError("conflict", `${type} was changed by someone else at ${saved.conflict.updatedAt}; reload to see their change, then edit again`, {
      current: saved.conflict,
    });
  }
  return (await findType(type))!;
}

const strip = ({ createdAt: _c, updatedAt: _u, type: _t, ...fields }: NotificationType) => fields;
