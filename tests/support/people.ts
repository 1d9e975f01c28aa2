// People who sign in to Herald's own pages (an email and a password), created through the
// domain layer in the test's database.
import { hashPassword } from "../../server/auth/password.ts";
import { db } from "../../server/db/index.ts";

export type TestPerson = { id: string; email: string; password: string };

export async function createPerson(id: string, password = `pw-${id}-0123`): Promise<TestPerson> {
  const email = `${id}@people.test`;
  await db().user.create({ data: { id, email, name: id, passwordHash: await hashPassword(password) } });
  return { id, email, password };
}
