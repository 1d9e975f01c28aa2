"use server";
// The workspace pages' forms: each validates with the API's own zod schema, acts as the
// signed-in person (anonymous: to sign-in), and answers field errors for the form to show
// inline. Notifications go out from the domain, through the service API.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getSessionUser } from "@/server/auth/session.ts";
import { AppError } from "@/server/errors.ts";
import { addComment } from "@/server/workspace/comments.ts";
import { addCommentBody, assignTaskBody, createTaskBody, taskNumber } from "@/server/workspace/schemas.ts";
import { assignTask, createTask, setWatching } from "@/server/workspace/tasks.ts";
import type { FormState } from "@/components/workspace/form-state.ts";

async function actorId(): Promise<string> {
  const user = await getSessionUser();
  if (!user) redirect("/signin");
  return user.id;
}

const text = (form: FormData, name: string) => {
  const value = form.get(name);
  return typeof value === "string" ? value : undefined;
};

/** Field errors from the schema or from the domain (an unknown person), or one form-wide message. */
function failure(error: unknown): FormState {
  if (error instanceof z.ZodError) return { ok: false, fieldErrors: Object.fromEntries(error.issues.map((i) => [String(i.path[0] ?? "form"), i.message])) };
  if (error instanceof AppError && Array.isArray(error.details)) {
    return { ok: false, fieldErrors: Object.fromEntries((error.details as { path: string; message: string }[]).map((d) => [d.path, d.message])) };
  }
  if (error instanceof AppError && error.status < 500) return { ok: false, message: error.message };
  throw error;
}

function numberFrom(form: FormData): number {
  const parsed = taskNumber.safeParse(text(form, "number"));
  if (!parsed.success) throw new AppError("not_found", "That task no longer exists");
  return parsed.data;
}

export async function createTaskAction(_: FormState, form: FormData): Promise<FormState> {
  const actor = await actorId();
  let number: number;
  try {
    const input = createTaskBody.parse({ title: text(form, "title") ?? "", description: text(form, "description") ?? "", assigneeId: text(form, "assigneeId") || null });
    number = (await createTask(actor, input)).number;
  } catch (error) {
    return failure(error);
  }
  revalidatePath("/tasks");
  redirect(`/tasks/${number}`);
}

export async function addCommentAction(_: FormState, form: FormData): Promise<FormState> {
  const actor = await actorId();
  try {
    const number = numberFrom(form);
    await addComment(actor, number, addCommentBody.parse({ body: text(form, "body") ?? "" }));
    revalidatePath(`/tasks/${number}`);
    return { ok: true, at: Date.now() };
  } catch (error) {
    return failure(error);
  }
}

export async function assignTaskAction(_: FormState, form: FormData): Promise<FormState> {
  const actor = await actorId();
  try {
    const number = numberFrom(form);
    await assignTask(actor, number, assignTaskBody.parse({ assigneeId: text(form, "assigneeId") || null }));
    revalidatePath(`/tasks/${number}`);
    return { ok: true, at: Date.now() };
  } catch (error) {
    return failure(error);
  }
}

export async function watchTaskAction(_: FormState, form: FormData): Promise<FormState> {
  const actor = await actorId();
  try {
    const number = numberFrom(form);
    await setWatching(actor, number, text(form, "watch") === "true");
    revalidatePath(`/tasks/${number}`);
    return { ok: true, at: Date.now() };
  } catch (error) {
    return failure(error);
  }
}
