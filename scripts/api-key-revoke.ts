// npm run api-key:revoke -- <id>: revokes an API key; every instance refuses it from its next request.
import { z } from "zod";
import { revokeApiKey } from "../server/auth/api-keys.ts";
import { runWithDb } from "./run-with-db.ts";

const id = process.argv[2]?.trim() ?? "";
if (!z.uuid().safeParse(id).success) {
  console.error("Usage: npm run api-key:revoke -- <id>   (the id from npm run api-key:list)");
  process.exit(2);
}
await runWithDb(async () => {
  if (await revokeApiKey(id)) return console.log(`Revoked API key ${id}.`);
  console.error(`No active API key with id ${id}.`);
  process.exitCode = 1;
});
