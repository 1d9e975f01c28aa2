// A real Redis Cluster for tests: `redis-server --cluster-enabled yes` processes on free
// loopback ports with their files in a temp dir, joined by `redis-cli --cluster create`.
// Shared by the cross-instance tests and the fault suite (killNode, restartNode).
import { spawn, execFile, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";

export type ClusterNodeProcess = { port: number; child: ChildProcess; exited: Promise<void> };

export type TestRedisCluster = {
  /** Every node's port, masters first as created (replicas follow). */
  ports: number[];
  /** The temp dir holding each node's cluster config and log (redis-<port>.log). */
  dir: string;
  /** The value for REDIS_CLUSTER_NODES: every node as redis://127.0.0.1:<port>. */
  nodesEnv: string;
  /** The hash slot of a key or shard channel (CLUSTER KEYSLOT). */
  keyslot: (key: string) => Promise<number>;
  /** The port of the master serving a key's or shard channel's slot now. */
  masterPortFor: (key: string) => Promise<number>;
  /** Runs a command on one node, e.g. node(port, "PUBSUB", "SHARDCHANNELS", pattern). */
  command: (port: number, ...args: string[]) => Promise<unknown>;
  /**
   * Kills one node's process (SIGKILL by default: a crash, no goodbye) and waits for it to
   * exit. The others keep reporting cluster_state:ok until they notice (nodeTimeoutMs):
   * wait on what should follow, e.g. masterPortFor(key) moving to a replica.
   */
  killNode: (port: number, signal?: NodeJS.Signals) => Promise<void>;
  /** Freezes one node (SIGSTOP): its connections stay open and nothing is answered. */
  pauseNode: (port: number) => void;
  /** Lets a paused node go on (SIGCONT). */
  resumeNode: (port: number) => void;
  /** Starts a killed node again on the same port with its cluster config; it rejoins. */
  restartNode: (port: number) => Promise<void>;
  /** Waits until every running node reports cluster_state:ok and every replica is in sync. */
  waitUntilHealthy: (timeoutMs?: number) => Promise<void>;
  /** Stops every node and removes the temp dir. */
  stop: () => Promise<void>;
};

export type RedisClusterOptions = {
  masters?: number;
  replicasPerMaster?: number;
  /** cluster-node-timeout: how long before a silent node counts as failed. */
  nodeTimeoutMs?: number;
};

const run = promisify(execFile);

export async function startRedisCluster(options: RedisClusterOptions = {}): Promise<TestRedisCluster> {
  const { masters = 3, replicasPerMaster = 0, nodeTimeoutMs = 5000 } = options;
  const dir = mkdtempSync(join(tmpdir(), "herald-redis-cluster-"));
  const nodes = new Map<number, ClusterNodeProcess>();
  const clients = new Map<number, Redis>();
  const client = (port: number) => {
    let c = clients.get(port);
    if (!c || c.status === "end") {
      // A paused node never answers: fail the command rather than hang the test.
      c = new Redis({ port, host: "127.0.0.1", lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null, commandTimeout: 5000 });
      c.on("error", () => {});
      clients.set(port, c);
    }
    return c;
  };
  const command = async (port: number, ...args: string[]) => {
    const c = client(port);
    if (c.status === "wait") await c.connect().catch(() => {});
    const [name, ...rest] = args;
    return c.call(name, ...rest);
  };

  const startNode = async (port: number) => {
    const child = spawn("redis-server", [
      "--port", String(port), "--bind", "127.0.0.1", "--daemonize", "no",
      "--cluster-enabled", "yes", "--cluster-config-file", `nodes-${port}.conf`,
      "--cluster-node-timeout", String(nodeTimeoutMs),
      "--save", "", "--appendonly", "no", "--dir", dir, "--dbfilename", `dump-${port}.rdb`, "--logfile", `redis-${port}.log`,
      // Replicas sync at once instead of after the default 5 s batching delay.
      "--repl-diskless-sync-delay", "0",
    ], { stdio: "ignore" });
    let failed: Error | undefined;
    const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
    child.once("error", (error) => (failed = error)); // e.g. no redis-server on the PATH
    nodes.set(port, { port, child, exited });
    await until(async () => {
      if (failed || !isRunning(port)) throw new Error(`redis-server on ${port} did not start: ${failed?.message ?? ""}${logTail(dir, port)}`);
      return (await command(port, "PING").catch(() => null)) === "PONG";
    }, 10_000, () => `redis-server on ${port} did not answer${logTail(dir, port)}`);
  };

  const isRunning = (port: number) => {
    const child = nodes.get(port)?.child;
    return Boolean(child && child.exitCode === null && child.signalCode === null);
  };
  const nodeProcess = (port: number) => {
    const node = nodes.get(port);
    if (!node) throw new Error(`no cluster node on port ${port}`);
    return node.child;
  };

  const killAll = () => nodes.forEach(({ child }) => child.kill("SIGKILL"));
  process.once("exit", killAll);
  const stop = async () => {
    process.off("exit", killAll);
    for (const c of clients.values()) c.disconnect();
    await Promise.all([...nodes.values()].map(async ({ child, exited }) => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL"); // paused ones too
      await exited;
    }));
    rmSync(dir, { recursive: true, force: true });
  };

  const waitUntilHealthy = async (timeoutMs = 30_000) => {
    const running = [...nodes.keys()].filter(isRunning);
    await until(async () => {
      const infos = await Promise.all(running.map(async (port) => {
        const [cluster, replication] = await Promise.all([command(port, "CLUSTER", "INFO"), command(port, "INFO", "replication")]).catch(() => ["", ""]);
        return { cluster: String(cluster), replication: String(replication) };
      }));
      // A replica that never synced cannot take over from its master.
      return infos.every(({ cluster, replication }) =>
        cluster.includes("cluster_state:ok") && (!replication.includes("role:slave") || replication.includes("master_link_status:up")));
    }, timeoutMs, () => "the Redis Cluster did not report cluster_state:ok and replicas in sync on every node");
  };

  try {
    const ports = await freePortPairs(masters * (1 + replicasPerMaster));
    await Promise.all(ports.map(startNode));
    await run("redis-cli", [
      "--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`),
      "--cluster-replicas", String(replicasPerMaster), "--cluster-yes",
    ]);
    await waitUntilHealthy();
    const anyRunning = () => ports.find(isRunning) ?? ports[0];
    const keyslot = async (key: string) => Number(await command(anyRunning(), "CLUSTER", "KEYSLOT", key));
    return {
      ports,
      dir,
      nodesEnv: ports.map((p) => `redis://127.0.0.1:${p}`).join(","),
      keyslot,
      masterPortFor: async (key) => {
        const slot = await keyslot(key);
        const ranges = (await command(anyRunning(), "CLUSTER", "SLOTS")) as [number, number, [string, number, ...unknown[]]][];
        const range = ranges.find(([from, to]) => slot >= from && slot <= to);
        if (!range) throw new Error(`no master serves slot ${slot}`);
        return Number(range[2][1]);
      },
      command,
      killNode: async (port, signal = "SIGKILL") => {
        clients.get(port)?.disconnect();
        clients.delete(port);
        nodeProcess(port).kill(signal);
        await nodes.get(port)?.exited;
      },
      pauseNode: (port) => void nodeProcess(port).kill("SIGSTOP"),
      resumeNode: (port) => void nodeProcess(port).kill("SIGCONT"),
      restartNode: startNode,
      waitUntilHealthy,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Ports P where both P and its cluster bus port P + 10000 are free now. */
async function freePortPairs(count: number): Promise<number[]> {
  const ports: number[] = [];
  while (ports.length < count) {
    const port = await listenOnce(0);
    if (port > 55_000 || ports.includes(port)) continue;
    if ((await listenOnce(port + 10_000).catch(() => 0)) !== 0) ports.push(port);
  }
  return ports;
}

function listenOnce(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}

async function until(check: () => Promise<boolean>, timeoutMs: number, message: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(message());
    await new Promise((r) => setTimeout(r, 50));
  }
}

function logTail(dir: string, port: number): string {
  try {
    return `:\n${readFileSync(join(dir, `redis-${port}.log`), "utf8").split("\n").slice(-10).join("\n")}`;
  } catch {
    return "";
  }
}
