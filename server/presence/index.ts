// This process's presence store, for the domain (routing push asks who is online). The
// server sets it at start; without one (scripts, tests of the domain) nobody is online.
import type { UserId } from "../../lib/events.ts";
import type { PresenceStore } from "./presence-store.ts";

const store = globalThis as unknown as { __heraldPresence?: PresenceStore };

export function setPresence(presence: PresenceStore | undefined): void {
  store.__heraldPresence = presence;
}

export async function onlineAmong(userIds: UserId[]): Promise<Set<UserId>> {
  return store.__heraldPresence ? store.__heraldPresence.onlineAmong(userIds) : new Set();
}

/** A user's live sockets per instance id; empty when offline (or without a presence store). */
export async function presenceOf(userId: UserId): Promise<Record<string, number>> {
  return store.__heraldPresence ? store.__heraldPresence.where(userId) : {};
}
