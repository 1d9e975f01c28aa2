// npm run user:set-password -- <userId>: sets a person's password from standard input (one
// line; never an argument, which would stay in the shell's history and the process list).
// Every session the person had ends, on every instance, and their sockets are closed.
import { text } from "node:stream/consumers";
import { AppError } from "../server/errors.ts";
import { setPassword } from "../server/users/set-password.ts";
import { runWithDb } from "./run-with-db.ts";

const userId = process.argv[2]?.trim() ?? "";
if (!userId) {
  console.error("Usage: printf '%s' \"$NEW_PASSWORD\" | npm run user:set-password -- <userId>");
  process.exit(2);
}
const password = (await text(process.stdin)).replace(/\r?\n$/, "");
await runWithDb(async () => {
  try {
    await setPassword(userId, password);
    console.log(`Password set for ${userId}; their sessions have ended.`);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
});
