// The embedded database's PostgreSQL processes: initdb once, then the server, each run as
// the runtime's user when we are root (PostgreSQL refuses to run as root).
import { spawn, type ChildProcess } from "node:child_process";
import { chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { PostgresRuntime } from "./postgres-runtime.ts";

/** PostgreSQL did not initialise or start; `output` is what it printed (its reason is there). */
export class EmbeddedPostgresError extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

// English messages whatever the locale: readiness is recognised by a log line.
const MESSAGES_LOCALE = "C";
const READY = "database system is ready to accept connections";

export async function initialiseCluster(runtime: PostgresRuntime, user: string, password: string): Promise<void> {
  // The password goes through a file only initdb's user can read, beside the data dir
  // (a place that user can reach), and is removed at once.
  const dir = mkdtempSync(join(dirname(runtime.dataDir), ".initdb-"));
  const file = join(dir, "password");
  try {
    writeFileSync(file, `${password}\n`, { mode: 0o600 });
    if (runtime.runAs) for (const path of [dir, file]) chownSync(path, runtime.runAs.uid, runtime.runAs.gid);
    const args = [`--pgdata=${runtime.dataDir}`, "--auth=password", `--username=${user}`, `--pwfile=${file}`, `--lc-messages=${MESSAGES_LOCALE}`];
    const { code, output } = await runToEnd(runtime.initdb, args, runtime);
    if (code !== 0) throw new EmbeddedPostgresError(`initdb exited with ${code}`, output);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Starts the server and resolves once it accepts connections; rejects if it exits first. */
export function startPostgresServer(runtime: PostgresRuntime, args: string[]): Promise<ChildProcess> {
  const child = spawn(runtime.postgres, ["-D", runtime.dataDir, ...args], spawnOptions(runtime, ["ignore", "ignore", "pipe"]));
  let output = "";
  let ready = false;
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    // Read its log for as long as it runs: a full pipe would block the server.
    child.stderr!.on("data", (chunk: Buffer) => {
      if (ready) return;
      output += chunk.toString();
      if (output.includes(READY)) {
        ready = true;
        resolve(child);
      }
    });
    child.once("exit", (code, signal) => {
      if (!ready) reject(new EmbeddedPostgresError(`postgres exited with ${code ?? signal} while starting`, output));
    });
  });
}

/** Fast shutdown (SIGINT): open transactions are rolled back, then it exits. */
export async function stopPostgresServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGINT");
  await exited;
}

function spawnOptions(runtime: PostgresRuntime, stdio: ("ignore" | "pipe")[]) {
  return { ...runtime.runAs, stdio, env: { ...process.env, LC_MESSAGES: MESSAGES_LOCALE } };
}

function runToEnd(command: string, args: string[], runtime: PostgresRuntime): Promise<{ code: number | null; output: string }> {
  const child = spawn(command, args, spawnOptions(runtime, ["ignore", "pipe", "pipe"]));
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, output }));
  });
}
