// Starts the real production server (`node --import tsx server/index.ts`) as a child
// process, exactly as `npm start` runs it, and stops it with SIGTERM.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

export async function startHerald(env: Record<string, string | undefined>): Promise<HeraldProcess> {
  const nodeArgs = process.env.HERALD_PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${process.env.HERALD_PROFILE_DIR}`] : [];
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: "0",
      HOST: "127.0.0.1",
      // A caller's own DATA_DIR wins; no temp dir is made for nothing then.
      DATA_DIR: env.DATA_DIR ?? mkdtempSync(join(tmpdir(), "herald-data-")),
      AUTH_SECRET: TEST_AUTH_SECRET,
      TOKEN_SECRET: TEST_TOKEN_SECRET,
      ALLOWED_ORIGINS: TEST_ORIGIN,
      SEED_DEMO_DATA: "false",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server did not start:\n${output}`));
    }, 60_000);
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const listening = parseLogLines(output).find((l) => l.msg === "herald listening");
      if (listening) {
        clearTimeout(timer);
        resolve(`http://127.0.0.1:${new URL(String(listening.url)).port}`);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    url,
    child,
    output: () => output,
    logs: () => parseLogLines(output),
    stop: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      return exited;
    },
  };
}
