// What a person receives where: one switch per type and channel, defaulting from the type
// (on for its default channels). Only changes from the default are stored. A critical
// type's default channels are locked on: people cannot turn them off.
import { z } from "zod";
import { sql } from "../db/index.ts";
import { AppError } from "../errors.ts";
import { CONTROL_CHANNEL } from "../events/control-events.ts";
import { CHANNELS, type Channel, type NotificationType } from "../types/type-definition.ts";
import { listTypes } from "../types/type-registry.ts";
import type { UserId } from "../../lib/events.ts";

export type Preference = { type: string; channel: Channel; enabled: boolean; locked: boolean };

export const preferencesBody = z.strictObject({
  preferences: z
    .array(z.strictObject({ type: z.string().min(1).max(100), channel: z.enum(CHANNELS), enabled: z.boolean() }))
    .min(1)
    .max(1000),
});
export type PreferencesInput = z.infer<typeof preferencesBody>;

/** True when people cannot turn this channel of the type off. */
export const isLocked = (type: NotificationType, channel: Channel) => type.critical && type.defaultChannels.includes(channel);

// Most types are never customised by anyone, and asking PostgreSQL on every publish costs
// a round trip (docs/benchmarks.md). Each process keeps the set of types someone has a
// choice for; a change announces its type (NOTIFY in the same statement) and every process
// adds it. A publish in the milliseconds before the announcement arrives routes with the
// type's defaults.
const store = globalThis as unknown as { __heraldCustomised?: Promise<Set<string>> };

function customisedTypes(): Promise<Set<string>> {
  store.__heraldCustomised ??= sql()
    .query<{ type: string }>("SELECT DISTINCT type FROM preferences")
    .then(({ rows }) => new Set(rows.map((r) => r.type)))
    .catch((error: unknown) => {
      store.__heraldCustomised = undefined;
      throw error;
    });
  return store.__heraldCustomised;
}

/** A control event said someone made a choice for this type (or the channel reconnected: undefined). */
export function noteCustomisedType(type?: string): void {
  if (type === undefined) store.__heraldCustomised = undefined;
  else void store.__heraldCustomised?.then((set) => set.add(type));
}

/** The person's overrides for one type, by user (for publishing to many at once). */
export async function loadOverrides(type: string, userIds: UserId[]): Promise<Map<UserId, Map<Channel, boolean>>> {
  if (!(await customisedTypes()).has(type)) return new Map();
  const { rows } = await sql().query<{ user_id: string; channel: Channel; enabled: boolean }>({
    name: "load-preferences",
    text: "SELECT user_id, channel::text AS channel, enabled FROM preferences WHERE user_id = ANY($1::text[]) AND type = $2",
    values: [userIds, type],
  });
  const byUser = new Map<UserId, Map<Channel, boolean>>();
  for (const r of rows) {
    const mine = byUser.get(r.user_id) ?? new Map<Channel, boolean>();
    mine.set(r.channel, r.enabled);
    byUser.set(r.user_id, mine);
  }
  return byUser;
}

/** Whether a channel is on for a person: locked, their choice, else the type's default. */
export function channelEnabled(type: NotificationType, channel: Channel, overrides: Map<Channel, boolean> | undefined): boolean {
  if (isLocked(type, channel)) return true;
  return overrides?.get(channel) ?? type.defaultChannels.includes(channel);
}

/** Every registered type × channel for one person. */
export async function listPreferences(userId: UserId): Promise<Preference[]> {
  const [types, { rows }] = await Promise.all([
    listTypes(),
    sql().query<{ type: string; channel: Channel; enabled: boolean }>(
      "SELECT type, channel::text AS channel, enabled FROM preferences WHERE user_id = $1",
      [userId],
    ),
  ]);
  const chosen = new Map(rows.map((r) => [`${r.type}\u0000${r.channel}`, r.enabled]));
  return types.flatMap((type) =>
    CHANNELS.map((channel) => {
      const locked = isLocked(type, channel);
      const choice = chosen.get(`${type.type}\u0000${channel}`);
      return { type: type.type, channel, enabled: locked || (choice ?? type.defaultChannels.includes(channel)), locked };
    }),
  );
}

/** Saves a person's choices, all or none: unknown types and turning a locked channel off are 422. */
export async function updatePreferences(userId: UserId, input: PreferencesInput): Promise<Preference[]> {
  const types = new Map((await listTypes()).map((t) => [t.type, t]));
  const problems: { path: string; message: string }[] = [];
  input.preferences.forEach((p, i) => {
    const type = types.get(p.type);
    if (!type) problems.push({ path: `preferences.${i}.type`, message: `unknown notification type ${p.type}` });
    else if (!p.enabled && isLocked(type, p.channel)) {
      problems.push({ path: `preferences.${i}.enabled`, message: `${type.displayName} is critical: its ${p.channel} channel cannot be turned off` });
    }
  });
  if (problems.length > 0) throw new AppError("validation_failed", "The request is not valid", problems);
  // The last choice for a type and channel wins when a request repeats one.
  const last = new Map(input.preferences.map((p) => [`${p.type}\u0000${p.channel}`, p]));
  const items = [...last.values()];
  await sql().query(
    `WITH saved AS (
       INSERT INTO preferences (user_id, type, channel, enabled, updated_at)
       SELECT $1, t, c::"Channel", e, now() FROM unnest($2::text[], $3::text[], $4::boolean[]) AS x(t, c, e)
       ON CONFLICT (user_id, type, channel) DO UPDATE SET enabled = EXCLUDED.enabled, updated_at = now()
       RETURNING type
     )
     SELECT pg_notify($5, json_build_object('kind', 'preferences-changed', 'type', type)::text) FROM (SELECT DISTINCT type FROM saved) t`,
    [userId, items.map((p) => p.type), items.map((p) => p.channel), items.map((p) => p.enabled), CONTROL_CHANNEL],
  );
  for (const type of new Set(items.map((p) => p.type))) noteCustomisedType(type);
  return listPreferences(userId);
}
