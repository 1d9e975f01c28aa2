// Presence in Redis: one sorted set per user, key `herald:<namespace>:presence:<userId>`,
// whose members are `<instanceId>|<socketId>` scored by the time they expire. Adding under
// the cap is one atomic script (expired entries dropped, count checked, entry added), so
// handshakes racing on several instances cannot pass the cap together. Every command and
// pipeline touches one user's key only, so all of it works on a Redis Cluster too.
import { log } from "../log.ts";
import type { RedisClient } from "../redis/connect-redis.ts";
import type { RedisNames } from "../redis/namespace.ts";
import { LocalSockets, PRESENCE_REFRESH_MS, PRESENCE_TTL_MS, type PresenceStore } from "./presence-store.ts";

const ADD_UNDER_CAP = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then return 0 end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return 1`;

type PresenceRedis = RedisClient & {
  presenceAdd(key: string, member: string, now: number, expires: number, cap: number, ttl: number): Promise<number>;
};

export function redisPresence(redis: RedisClient, names: RedisNames, instanceId: string): PresenceStore {
  const client = redis as PresenceRedis;
  if (!("presenceAdd" in redis)) redis.defineCommand("presenceAdd", { numberOfKeys: 1, lua: ADD_UNDER_CAP });
  const local = new LocalSockets();
  const key = (userId: string) => names.key("presence", userId);
  const member = (socketId: string) => `${instanceId}|${socketId}`;

  // Keep this instance's entries alive; a missed refresh or two is covered by the TTL. The
  // refresh adds (not only updates) every local socket, so entries Redis lost (a restart
  // without persistence, an outage longer than the TTL) are back within one refresh. A
  // socket that closed is gone from `local` before its ZREM is sent, on this same
  // connection, so a refresh cannot bring it back.
  // One pipeline per user: on a Cluster a pipeline must stay on one node, and one user's
  // entries share one key, hence one slot.
  const timer = setInterval(() => {
    const expires = Date.now() + PRESENCE_TTL_MS;
    const refreshes = [...local.byUser].map(([userId, sockets]) => {
      const batch = client.pipeline();
      for (const socketId of sockets) batch.zadd(key(userId), expires, member(socketId));
      return batch.pexpire(key(userId), PRESENCE_TTL_MS).exec();
    });
    void Promise.allSettled(refreshes).then((results) => {
      const failed = results.filter((r) => r.status === "rejected");
      if (failed.length > 0) log.warn({ users: failed.length, err: failed[0].reason }, "presence refresh failed");
    });
  }, PRESENCE_REFRESH_MS);
  timer.unref();

  return {
    async add(userId, socketId, cap) {
      const now = Date.now();
      const added = await client.presenceAdd(key(userId), member(socketId), now, now + PRESENCE_TTL_MS, cap, PRESENCE_TTL_MS);
      if (added === 1) local.add(userId, socketId);
      return added === 1;
    },
    async remove(userId, socketId) {
      local.remove(userId, socketId);
      await client.zrem(key(userId), member(socketId));
    },
    async count(userId) {
      return client.zcount(key(userId), Date.now(), "+inf");
    },
    async where(userId) {
      const members = await client.zrangebyscore(key(userId), Date.now(), "+inf");
      const byInstance: Record<string, number> = {};
      for (const m of members) {
        const instance = m.slice(0, m.indexOf("|"));
        byInstance[instance] = (byInstance[instance] ?? 0) + 1;
      }
      return byInstance;
    },
    async onlineAmong(userIds) {
      if (userIds.length === 0) return new Set();
      const now = Date.now();
      // One ZCOUNT per user key: each key is one slot, so this also works on a Cluster.
      const counts = await Promise.all(userIds.map((u) => client.zcount(key(u), now, "+inf")));
      return new Set(userIds.filter((_, i) => counts[i] > 0));
    },
    async close() {
      clearInterval(timer);
      const users = [...local.byUser];
      local.byUser.clear();
      await Promise.all(users.map(([userId, sockets]) => client.zrem(key(userId), ...[...sockets].map(member))));
    },
  };
}
