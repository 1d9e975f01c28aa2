// Runs in every test file (vitest setupFiles): after the file's own hooks, whatever a
// failed test left behind (a server and its DATA_DIR, a database) is removed.
import { afterAll } from "vitest";
import { undoLeftovers } from "./leftovers.ts";

// Registered before the file's own hooks, so it runs after them (after-hooks run in reverse).
afterAll(undoLeftovers);
