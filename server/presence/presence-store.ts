// Who is connected, across instances: each live socket is an entry under its user,
// refreshed by the instance that holds it, so the count of a user's sockets (the per-user
// cap; "online?" for routing push) is right on every instance, and an instance
// that dies stops counting within PRESENCE_TTL_MS. One store per instance: in Redis when
// configured (in the deployment's namespace), in memory on a single box.
import type { UserId } from "../../lib/events.ts";

export type PresenceStore = {
  /** Registers a socket unless its user already has `cap` live sockets; false when refused. */
  add(userId: UserId, socketId: string, cap: number): Promise<boolean>;
  remove(userId: UserId, socketId: string): Promise<void>;
  /** Live sockets of a user, on every instance. */
  count(userId: UserId): Promise<number>;
  /** A user's live sockets per instance id (the admin console's "online on which instance"). */
  where(userId: UserId): Promise<Record<string, number>>;
  /** Which of these users have a live socket on any instance. */
  onlineAmong(userIds: UserId[]): Promise<Set<UserId>>;
  /** Forgets this instance's sockets (shutdown). */
  close(): Promise<void>;
};

/** An entry lives this long unless its instance refreshes it. */
export const PRESENCE_TTL_MS = 30_000;
export const PRESENCE_REFRESH_MS = 10_000;

/** This instance's own sockets by user: what a store refreshes and forgets on close. */
export class LocalSockets {
  readonly byUser = new Map<UserId, Set<string>>();

  add(userId: UserId, socketId: string): void {
    const sockets = this.byUser.get(userId) ?? new Set();
    sockets.add(socketId);
    this.byUser.set(userId, sockets);
  }

  remove(userId: UserId, socketId: string): void {
    const sockets = this.byUser.get(userId);
    if (!sockets?.delete(socketId)) return;
    if (sockets.size === 0) this.byUser.delete(userId);
  }

  count(userId: UserId): number {
    return this.byUser.get(userId)?.size ?? 0;
  }
}

export function memoryPresence(instanceId = "local"): PresenceStore {
  const local = new LocalSockets();
  return {
    async add(userId, socketId, cap) {
      if (local.count(userId) >= cap) return false;
      local.add(userId, socketId);
      return true;
    },
    async remove(userId, socketId) {
      local.remove(userId, socketId);
    },
    async count(userId) {
      return local.count(userId);
    },
    async where(userId) {
      const n = local.count(userId);
      return n > 0 ? { [instanceId]: n } : {};
    },
    async onlineAmong(userIds) {
      return new Set(userIds.filter((u) => local.count(u) > 0));
    },
    async close() {
      local.byUser.clear();
    },
  };
}
