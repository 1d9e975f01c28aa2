import { db } from "../db/index.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { normaliseEmail } from "./sign-in-throttle.ts";

export type Person = { id: string; email: string | null; name: string | null; role: "user" | "admin" };

// Compared against when the email is unknown, so both paths take the same time.
let dummyHash: Promise<string> | undefined;

/** The person with this email and password, or null (unknown email, wrong password, disabled account). */
export async function authenticatePerson(email: string, password: string): Promise<Person | null> {
  const user = await db().user.findUnique({ where: { email: normaliseEmail(email) } });
  if (!user?.passwordHash) {
    dummyHash ??= hashPassword("not a real password");
    await verifyPassword(password, await dummyHash);
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash)) || user.disabledAt) return null;
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}
