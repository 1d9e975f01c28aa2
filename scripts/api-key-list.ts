// npm run api-key:list: every API key (id, name, first characters, created, last used, revoked).
import { listApiKeys } from "../server/auth/api-keys.ts";
import { runWithDb } from "./run-with-db.ts";

const when = (d: Date | null) => (d ? d.toISOString().replace("T", " ").slice(0, 19) : "-");

await runWithDb(async () => {
  const keys = await listApiKeys();
  if (keys.length === 0) return console.log("No API keys. Create one with: npm run api-key:create -- <name>");
  const rows = keys.map((k) => [k.id, k.name, `${k.prefix}…`, when(k.createdAt), when(k.lastUsedAt), k.revokedAt ? `revoked ${when(k.revokedAt)}` : "active"]);
  const header = ["id", "name", "key", "created (UTC)", "last used (UTC)", "status"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) console.log(row.map((cell, i) => cell.padEnd(widths[i])).join("  ").trimEnd());
});
