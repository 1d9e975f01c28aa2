// npm run api-key:create -- <name>: creates an API key and prints its secret once.
import { createApiKey } from "../server/auth/api-keys.ts";
import { runWithDb } from "./run-with-db.ts";

const name = process.argv.slice(2).join(" ").trim();
if (!name || name.length > 100) {
  console.error("Usage: npm run api-key:create -- <name>   (a name of 1-100 characters)");
  process.exit(2);
}
await runWithDb(async () => {
  const key = await createApiKey(name);
  console.log(`Created API key "${key.name}" (id ${key.id}).`);
  console.log("Secret (shown only now; store it safely):");
  console.log(key.secret);
});
