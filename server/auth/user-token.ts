// Short-lived user tokens: HS256 JWTs a service mints for one of its users, passed as
// Socket.IO `auth: { token }` (never in a URL). Only HS256 is accepted, so `alg: none`
// and tokens signed with any other key or algorithm are refused, as are tokens without `exp`.
import { SignJWT, jwtVerify, errors } from "jose";
import { getConfig, type Config } from "../config/index.ts";
import { AppError } from "../errors.ts";

const ISSUER = "herald";
const AUDIENCE = "herald:user";

let cachedKey: { config: Config; key: Promise<CryptoKey> } | undefined;

/**
 * The HMAC key, imported once per configuration: jose given the raw bytes imports them on
 * every sign and verify, which about doubles a handshake's token check (57-80 against 32 µs
 * of CPU per verify, `npm run bench:token`).
 */
function key(): Promise<CryptoKey> {
  const config = getConfig();
  if (cachedKey?.config !== config) {
    const imported = crypto.subtle.importKey("raw", new TextEncoder().encode(config.tokenSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    cachedKey = { config, key: imported };
  }
  return cachedKey.key;
}

export async function mintUserToken(userId: string): Promise<{ token: string; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + getConfig().userTokenTtlSeconds * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(await key());
  return { token, expiresAt: expiresAt.toISOString() };
}

/** Returns the user id of a valid token or throws 401 with the reason. */
export async function verifyUserToken(token: string): Promise<string> {
  try {
    // `exp` is required: a token without one would never expire.
    const { payload } = await jwtVerify(token, await key(), {
      algorithms: ["HS256"],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ["exp", "sub"],
    });
    if (!payload.sub) throw new AppError("unauthorized", "Token has no subject");
    return payload.sub;
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof errors.JWTExpired) throw new AppError("unauthorized", "Token expired");
    if (error instanceof errors.JWTClaimValidationFailed && error.reason === "missing") {
      throw new AppError("unauthorized", `Invalid token: the ${error.claim} claim is required`);
    }
    throw new AppError("unauthorized", "Invalid token");
  }
}
