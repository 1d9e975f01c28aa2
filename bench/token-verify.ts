// npm run bench:token: what checking a user token costs a handshake. jose verifying an
// HS256 token given the secret's raw bytes (it imports them on every call), a Node
// KeyObject, and a CryptoKey imported once (what server/auth/user-token.ts keeps), 50
// verifies at a time; CPU per verify from process.cpuUsage().
import { createSecretKey } from "node:crypto";
import { parseArgs } from "node:util";
import { SignJWT, jwtVerify } from "jose";

const { values: opts } = parseArgs({ options: { count: { type: "string", default: "20000" }, rounds: { type: "string", default: "2" } } });
const COUNT = Number(opts.count);
const secret = "s".repeat(48);
const raw = () => new TextEncoder().encode(secret);
const keyObject = createSecretKey(Buffer.from(secret));
const cryptoKey = await crypto.subtle.importKey("raw", raw(), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
const token = await new SignJWT({}).setProtectedHeader({ alg: "HS256" }).setSubject("u1").setIssuedAt().setExpirationTime("15m").sign(cryptoKey);

async function time(label: string, key: () => Uint8Array | CryptoKey | ReturnType<typeof createSecretKey>): Promise<void> {
  let next = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      while (next++ < COUNT) await jwtVerify(token, key(), { algorithms: ["HS256"] });
    }),
  );
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  console.log(`${label.padEnd(28)} ${Math.round((COUNT / ms) * 1000)} verifies/s, ${((cpu.user + cpu.system) / COUNT).toFixed(1)} µs of CPU each`);
}

for (let round = 1; round <= Number(opts.rounds); round++) {
  await time(`round ${round}: raw bytes each time`, raw);
  await time(`round ${round}: KeyObject`, () => keyObject);
  await time(`round ${round}: CryptoKey, imported once`, () => cryptoKey);
}
