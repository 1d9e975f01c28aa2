// The Redis the instances share, behind one interface so that a scenario injects "kill
// the node that carries the traffic" or "pause it" without knowing the topology. The
// standalone topology is one `redis-server` child process on a free port, which the suite
// can kill -9, restart on the same port (empty: like the CI Redis, it keeps nothing on
// disk), or freeze with SIGSTOP/SIGCONT. The Redis Cluster topologies, whose node is the
// master carrying the most users' channels, are in ./redis-cluster-topology.ts.
import { spawn, type ChildProcess } from "node:child_process";
import net from "node:net";
import { exited, freePort, killOnExit, until } from "./processes.ts";

export type RedisTopology = {
  /** Shown in scenario names: "standalone", "cluster". */
  name: string;
  /** What Herald instances get to reach it (REDIS_URL, …). */
  env: Record<string, string>;
  /** Starts whatever is not running and waits until every node answers. */
  ensureRunning: () => Promise<void>;
  /** kill -9 the node that carries the traffic (standalone: the server; cluster: one master); resolves with which. */
  killNode: () => Promise<string>;
  /** Starts the killed node again on the same port and waits until it answers; may say what happened meanwhile. */
  restartNode: () => Promise<string | void>;
  /** SIGSTOP: the node keeps its connections open but answers nothing; resolves with which. */
  pauseNode: () => Promise<string>;
  /** SIGCONT, then waits until the deployment is whole again (a cluster: every node agreeing). */
  resumeNode: () => Promise<string | void>;
  stop: () => Promise<void>;
};

/** Sends PING over a raw connection: true on +PONG within a second. */
export function redisAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("connect", () => socket.write("PING\r\n"));
    socket.once("data", (chunk) => done(chunk.toString().startsWith("+PONG")));
  });
}

export async function startStandaloneRedis(dir: string): Promise<RedisTopology> {
  const port = await freePort();
  const binary = process.env.REDIS_SERVER ?? "redis-server";
  let child: ChildProcess | undefined;
  let paused = false;

  const running = () => child !== undefined && child.exitCode === null && child.signalCode === null;
  const start = async () => {
    if (running()) return;
    const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir];
    const started = spawn(binary, args, { stdio: "ignore" });
    let failed: Error | undefined;
    started.once("error", (error) => (failed = new Error(`cannot run ${binary} (set REDIS_SERVER): ${error.message}`)));
    killOnExit(started);
    child = started;
    await until(`redis-server on port ${port}`, () => {
      if (failed) throw failed;
      return redisAnswers(port);
    }, 10_000);
  };
  const kill = async (signal: NodeJS.Signals) => {
    const current = child;
    if (!current || !running()) return;
    if (paused) current.kill("SIGCONT");
    paused = false;
    current.kill(signal);
    await exited(current);
  };

  await start();
  return {
    name: "standalone",
    env: { REDIS_URL: `redis://127.0.0.1:${port}` },
    ensureRunning: async () => {
      if (paused) child?.kill("SIGCONT");
      paused = false;
      await start();
    },
    killNode: async () => {
      await kill("SIGKILL");
      return `redis-server :${port}`;
    },
    restartNode: start,
    pauseNode: async () => {
      paused = child?.kill("SIGSTOP") ?? false;
      return `redis-server :${port}`;
    },
    resumeNode: async () => {
      if (paused) child?.kill("SIGCONT");
      paused = false;
    },
    stop: () => kill("SIGTERM"),
  };
}
