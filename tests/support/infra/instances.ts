// Herald instances for the fault suite: the production server (tests/support/herald-process.ts),
// each on a fixed port so that it can be restarted where its clients reconnect. Every exit
// is recorded with whether the suite caused it, so an instance that dies on its own fails
// the scenario.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { parseLogLines, startHerald, type HeraldProcess, type LogLine } from "../../support/herald-process.ts";
import { exited, freePort, killOnExit } from "./processes.ts";

export type InstanceExit = { instance: string; code: number | null; signal: string | null; expected: boolean; at: number };

export type FaultInstance = {
  name: string;
  url: string;
  running: () => boolean;
  /** The running process's id (benchmarks read its CPU time). */
  pid: () => number | undefined;
  /** Starts the instance if it is not running; resolves once it listens. */
  ensureRunning: () => Promise<void>;
  /** kill -9: no shutdown at all, like a crash or an OOM kill. */
  kill: () => Promise<void>;
  /** SIGTERM, as a deploy does; resolves with the exit code once the process has exited. */
  stopGracefully: () => Promise<number | null>;
  exits: InstanceExit[];
  /** The JSON log lines of every run so far. */
  logs: () => LogLine[];
};

export async function createInstance(name: string, dir: string, env: () => Record<string, string>): Promise<FaultInstance> {
  const port = await freePort();
  const dataDir = join(dir, `instance-${name}`);
  mkdirSync(dataDir, { recursive: true });
  const exits: InstanceExit[] = [];
  const earlierOutput: string[] = [];
  let current: HeraldProcess | undefined;
  let expectingExit = false;

  const running = () => current !== undefined && current.child.exitCode === null && current.child.signalCode === null;
  const retire = () => {
    if (current) earlierOutput.push(current.output());
    current = undefined;
  };
  const start = async () => {
    expectingExit = false;
    const started = await startHerald({ ...env(), PORT: String(port), DATA_DIR: dataDir });
    killOnExit(started.child);
    started.child.once("exit", (code, signal) => {
      exits.push({ instance: name, code, signal, expected: expectingExit, at: Date.now() });
    });
    current = started;
  };
  const signal = async (sig: NodeJS.Signals) => {
    const child = current?.child;
    if (!child || !running()) return null;
    expectingExit = true;
    child.kill(sig);
    await exited(child);
    retire();
    return child.exitCode;
  };

  return {
    name,
    url: `http://127.0.0.1:${port}`,
    running,
    pid: () => (running() ? current?.child.pid : undefined),
    ensureRunning: async () => {
      if (running()) return;
      retire();
      await start();
    },
    kill: async () => void (await signal("SIGKILL")),
    stopGracefully: () => signal("SIGTERM"),
    exits,
    logs: () => parseLogLines([...earlierOutput, current?.output() ?? ""].join("\n")),
  };
}
