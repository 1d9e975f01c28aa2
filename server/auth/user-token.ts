// Short-lived user tokens: HS256 JWTs a service mints for one of its users, passed as
// Socket.IO `auth: { token }` (never in a URL). Only HS256 is accepted, so `alg: none`
// and tokens signed with any other key or algorithm are refused, as are tokens without `exp`.
import { SignJWT, jwtVerify, errors } from "jose";
import { getConfig } from "../config/index.ts";
import { AppError } from "../errors.ts";

const ISSUER = "herald";
const AUDIENCE = "herald:user";

const key = () => new TextEncoder().encode(getConfig().tokenSecret);

export async function mintUserToken(userId: string): Promise<{ token: string; expiresAt: string }> {
  const expiresAt = new Date(Date.now() + getConfig().userTokenTtlSeconds * 1000);
  const token = await new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(userId)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(key());
  return { token, expiresAt: expiresAt.toISOString() };
}

/** Returns the user id of a valid token or throws 401 with the reason. */
export async function verifyUserToken(token: string): Promise<string> {
  try {
    // `exp` is required: a token without one would never expire.
    const { payload } = await jwtVerify(token, key(), {
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
