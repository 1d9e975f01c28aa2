// Starts the real production server (`node --import tsx server/index.ts`) as a child
// process, exactly as `npm start` runs it, and stops it with SIGTERM. Each server gets a
// DATA_DIR of its own, removed when it exits. A server a test file left running (it failed
// before stopping it) is killed after the file (tests/support/cleanup.ts), or when the
// process ends outside vitest (the benchmark).
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { leaveUndo } from "./leftovers.ts";

export const TEST_TOKEN_SECRET = "test-token-secret-0123456789abcdef0123456789";
export const TEST_AUTH_SECRET = "test-auth-secret-0123456789abcdef01234567890";
export const TEST_ORIGIN = "http://allowed.test";

export type LogLine = { level: string; msg: string; [field: string]: unknown };

export type HeraldProcess = {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** The server's JSON log lines so far. */
  logs: () => LogLine[];
  stop: () => Promise<number | null>;
};

export function parseLogLines(output: string): LogLine[] {
  return output.split("\n").flatMap((line) => {
    if (!line.startsWith("{")) return [];
    try {
      return [JSON.parse(line) as LogLine];
    } catch {
      return [];
    }
  });
}

const running = new Map<ChildProcess, string>();
process.once("exit", () => {
  for (const [child, dataDir] of running) {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  }
});

type Spawned = { child: ChildProcess; exited: Promise<number | null>; stdout: () => string; stderr: () => string };

function spawnHerald(env: Record<string, string | undefined>): Spawned {
  const dataDir = mkdtempSync(join(tmpdir(), "herald-data-"));
  // Reachable by the embedded PostgreSQL's own user when we are root (server/db/postgres-runtime.ts).
  chmodSync(dataDir, 0o755);
  const nodeArgs = process.env.HERALD_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.HERALD_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      DATA_DIR: dataDir,
      AUTH_SECRET: TEST_AUTH_SECRET,
      TOKEN_SECRET: TEST_TOKEN_SECRET,
      ALLOWED_ORIGINS: TEST_ORIGIN,
      SEED_DEMO_DATA: "false",
      // Many tests publish dozens of notifications to one person to test something else;
      // the storm tests set the per-person rate limit themselves.
      RATE_LIMIT_PER_MINUTE: "0",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.set(child, dataDir);
  const done = leaveUndo(async () => {
    child.kill("SIGKILL");
    await exited;
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      done();
      rmSync(dataDir, { recursive: true, force: true });
      resolve(code);
    }),
  );
  return { child, exited, stdout: () => stdout, stderr: () => stderr };
}

export async function startHerald(env: Record<string, string | undefined>): Promise<HeraldProcess> {
  const { child, exited, stdout, stderr } = spawnHerald(env);
  const output = () => stdout() + stderr();
  const url = await new Promise<string>((resolve, reject) => {
    // A bound on start-up, not a wait: a server that never says it listens fails the test.
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${output()}`));
    }, 60_000);
    child.stdout!.on("data", () => {
      const listening = parseLogLines(stdout()).find((l) => l.msg === "herald listening");
      if (listening) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${new URL(String(listening.url)).port}`);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output()}`));
    });
  });
  return {
    url,
    child,
    output,
    logs: () => parseLogLines(output()),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}

/** Runs a server that is expected to fail at start, to its exit. */
export async function runFailingHerald(env: Record<string, string | undefined>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const { child, exited, stdout, stderr } = spawnHerald(env);
  // One that starts after all is stopped, so the test fails on its exit code instead of hanging.
  child.stdout!.on("data", () => stdout().includes('"herald listening"') && child.kill("SIGTERM"));
  const code = await exited;
  return { code, stdout: stdout(), stderr: stderr() };
}
