// Generates the Prisma client into server/db/generated.
// `prisma generate` never runs the schema engine, but the CLI tries to download it at
// start and fails where Prisma's download host is unreachable (our machines). Pointing
// PRISMA_SCHEMA_ENGINE_BINARY at any executable skips the download; a machine that
// already has an engine configured keeps its own.
import { execFileSync } from "node:child_process";

const env = { ...process.env, PRISMA_HIDE_UPDATE_MESSAGE: "1", CHECKPOINT_DISABLE: "1" };
env.PRISMA_SCHEMA_ENGINE_BINARY ??= process.execPath;
execFileSync(process.execPath, ["node_modules/prisma/build/index.js", "generate"], { stdio: "inherit", env });
