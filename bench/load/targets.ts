// The two servers the comparison benchmark drives: Herald as `npm start` runs it (its own
// embedded PostgreSQL or BENCH_DATABASE_URL, the sharded Redis adapter) and the bare
// Socket.IO baseline (bench/baseline/server.ts). Each comes with its users, how to publish
// to it and how a socket authenticates to it.
import { spawn } from "node:child_process";
import { startHerald } from "../../tests/support/herald-process.ts";
import { prepareBenchDatabase } from "../bench-database.ts";
import type { SocketSpec } from "./protocol.ts";

export type Target = {
  name: string;
  url: string;
  serverPid: number;
  publish: { path: string; headers: Record<string, string> };
  userIds: string[];
  socketSpecs: () => Promise<SocketSpec[]>;
  stop: () => Promise<void>;
};

export async function startBaseline(users: number, redisUrl: string): Promise<Target> {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/baseline/server.ts"], {
    env: { ...process.env, REDIS_URL: redisUrl, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"listening":"([^"]+)"/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once("exit", (code) => reject(new Error(`baseline exited (${code}) before listening`)));
  });
  const userIds = Array.from({ length: users }, (_, i) => `bench-user-${i}`);
  return {
    name: "bare Socket.IO + Redis",
    url,
    serverPid: child.pid!,
    publish: { path: "/publish", headers: {} },
    userIds,
    socketSpecs: () => Promise.resolve(userIds.map((userId) => ({ userId, auth: { userId } }))),
    stop: async () => {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export async function startHeraldTarget(users: number, redisUrl: string): Promise<Target> {
  const db = await prepareBenchDatabase(users);
  // The rate limit on, as in production (one Redis step per publish), high enough never to fold
  // the bench's load; BENCH_RATE_LIMIT_PER_MINUTE=0 turns it off, to measure what it costs.
  const rateLimit = process.env.BENCH_RATE_LIMIT_PER_MINUTE ?? "100000";
  const server = await startHerald({ DATABASE_URL: db.url, REDIS_URL: redisUrl, RATE_LIMIT_PER_MINUTE: rateLimit });
  const headers = { authorization: `Bearer ${db.apiKey}` };
  const typed = await fetch(`${server.url}/api/v1/types/bench`, {
    method: "PUT",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify({ defaultChannels: ["in_app"] }),
  });
  if (!typed.ok) throw new Error(`PUT /api/v1/types/bench: ${typed.status}`);
  return {
    name: "Herald",
    url: server.url,
    serverPid: server.child.pid!,
    publish: { path: "/api/v1/notifications", headers },
    userIds: db.userIds,
    // Tokens minted through the API, as a service would for its clients.
    socketSpecs: async () => {
      const specs: SocketSpec[] = [];
      for (let i = 0; i < db.userIds.length; i += 50) {
        const batch = db.userIds.slice(i, i + 50);
        const tokens = await Promise.all(
          batch.map(async (userId) => {
            const res = await fetch(`${server.url}/api/v1/users/${userId}/token`, { method: "POST", headers });
            if (!res.ok) throw new Error(`token for ${userId}: ${res.status}`);
            return ((await res.json()) as { token: string }).token;
          }),
        );
        batch.forEach((userId, j) => specs.push({ userId, auth: { token: tokens[j] } }));
      }
      return specs;
    },
    stop: async () => {
      await server.stop();
      await db.cleanup();
    },
  };
}
