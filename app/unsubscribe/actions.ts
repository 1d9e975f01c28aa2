"use server";
// The unsubscribe page's button: a form post (it works without JavaScript) that turns the
// email off, then shows the page again, which now says it is off.
import { redirect } from "next/navigation";
import { unsubscribeByToken, UNSUBSCRIBE_PAGE_PATH } from "@/server/channels/email/unsubscribe.ts";
import { AppError } from "@/server/errors.ts";

export async function unsubscribeAction(form: FormData): Promise<void> {
  const token = form.get("token");
  if (typeof token === "string" && token !== "") {
    try {
      await unsubscribeByToken(token);
    } catch (error) {
      // An invalid link or a critical type: the page explains either, so show it again.
      if (!(error instanceof AppError && error.code === "validation_failed")) throw error;
    }
  }
  redirect(`${UNSUBSCRIBE_PAGE_PATH}?token=${encodeURIComponent(typeof token === "string" ? token : "")}`);
}
