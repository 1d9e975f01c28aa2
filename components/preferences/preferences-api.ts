// The browser's side of GET/PUT /api/v1/me/preferences (session cookie, same origin).
import { call } from "../inbox/inbox-api.ts";
import type { Preference } from "@/server/preferences/preferences.ts";
import type { Channel } from "@/server/types/type-definition.ts";

export type { Preference };
export type PreferenceChange = { type: string; channel: Channel; enabled: boolean };

// A Record, so a channel added to the server's list fails to compile until it has a label.
export const CHANNEL_LABELS: Record<Channel, string> = { in_app: "In-app", push: "Push", email: "Email" };
export const CHANNEL_ORDER = Object.keys(CHANNEL_LABELS) as Channel[];

/** Saves changes, all or none; the answer is the person's whole list as the server now holds it. */
export async function savePreferences(changes: PreferenceChange[]): Promise<Preference[]> {
  const answer = await call<{ preferences: Preference[] }>("/api/v1/me/preferences", {
    method: "PUT",
    body: JSON.stringify({ preferences: changes }),
  });
  return answer.preferences;
}
