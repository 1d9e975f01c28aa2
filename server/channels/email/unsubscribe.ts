// One-click unsubscribe: a link from an email turns off that person's email for that type,
// without signing in (RFC 8058). The token is the whole authorization, so it is checked
// against the person's current address, and it can change nothing else. A critical type's
// email cannot be turned off (its mails carry no unsubscribe link; an old link is a 422).
import { getConfig } from "../../config/index.ts";
import { sql } from "../../db/index.ts";
import { AppError } from "../../errors.ts";
import { log } from "../../log.ts";
import { channelEnabled, isLocked, loadOverrides, updatePreferences } from "../../preferences/preferences.ts";
import type { NotificationType } from "../../types/type-definition.ts";
import { findType } from "../../types/type-registry.ts";
import { readUnsubscribeToken, signUnsubscribeToken, unsubscribeKey, verifyUnsubscribeToken } from "./unsubscribe-token.ts";

export const UNSUBSCRIBE_API_PATH = "/api/v1/unsubscribe";
export const UNSUBSCRIBE_PAGE_PATH = "/unsubscribe";

export type UnsubscribeTarget = { userId: string; type: NotificationType; emailOn: boolean; locked: boolean };

const key = () => unsubscribeKey(getConfig().authSecret);

/** The links for one person and type: the one-click POST target (List-Unsubscribe) and the page for people. */
export function unsubscribeLinks(userId: string, type: string, email: string): { oneClick: string; page: string } {
  const query = `?token=${signUnsubscribeToken(key(), { userId, type }, email)}`;
  const base = getConfig().publicUrl;
  return { oneClick: `${base}${UNSUBSCRIBE_API_PATH}${query}`, page: `${base}${UNSUBSCRIBE_PAGE_PATH}${query}` };
}

/** What a token would turn off, and whether it is off already; null for a token that is not valid. */
export async function findUnsubscribeTarget(token: string): Promise<UnsubscribeTarget | null> {
  const claim = readUnsubscribeToken(token);
  if (!claim) return null;
  const { rows } = await sql().query<{ email: string | null }>("SELECT email FROM users WHERE id = $1", [claim.userId]);
  const email = rows[0]?.email;
  if (!email || !verifyUnsubscribeToken(key(), token, email)) return null;
  const type = await findType(claim.type);
  if (!type) return null;
  const overrides = (await loadOverrides(type.type, [claim.userId])).get(claim.userId);
  return { userId: claim.userId, type, emailOn: channelEnabled(type, "email", overrides), locked: isLocked(type, "email") };
}

/** Turns the email off (again, harmlessly, if it is off already). */
export async function unsubscribeByToken(token: string): Promise<{ type: string; channel: "email"; enabled: false }> {
  const target = await findUnsubscribeTarget(token);
  if (!target) {
    throw new AppError("validation_failed", "This unsubscribe link is not valid", [
      { path: "query.token", message: "not a valid unsubscribe token: altered, or the address it was sent to is no longer this person's" },
    ]);
  }
  if (target.locked) {
    throw new AppError("validation_failed", `${target.type.displayName} is critical: its emails cannot be turned off`, [
      { path: "query.token", message: `${target.type.type} is a critical type` },
    ]);
  }
  await updatePreferences(target.userId, { preferences: [{ type: target.type.type, channel: "email", enabled: false }] });
  log.info({ userId: target.userId, type: target.type.type }, "email unsubscribed");
  return { type: target.type.type, channel: "email", enabled: false };
}
