// The page behind an email's "Unsubscribe" link, for people: it says what would be turned
// off and asks. It never changes anything when it is opened, because mail scanners and
// link previews open links too; the button does (a form post). No sign-in: the token in
// the link is the authorization (server/channels/email/unsubscribe.ts).
import type { ReactNode } from "react";
import { findUnsubscribeTarget } from "@/server/channels/email/unsubscribe.ts";
import { SETTINGS_PATH } from "@/server/channels/email/render-email.ts";
import { unsubscribeAction } from "./actions.ts";

export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ token?: string | string[] }> };

export default async function UnsubscribePage({ searchParams }: Props) {
  const { token } = await searchParams;
  const target = typeof token === "string" && token !== "" ? await findUnsubscribeTarget(token) : null;
  if (!target) {
    return (
      <Card title="This unsubscribe link is not valid">
        It may have been cut short or changed, or your email address has changed since it was sent. You can choose which
        emails you get in your notification settings.
      </Card>
    );
  }
  const name = `“${target.type.displayName}”`;
  if (target.locked) {
    return <Card title={`${name} emails cannot be turned off`}>They are critical notifications, which always reach you by email.</Card>;
  }
  if (!target.emailOn) {
    return (
      <Card title={`You no longer get emails about ${name}`} testId="unsubscribed">
        You still see them in Herald. Changed your mind? Turn them back on in your notification settings.
      </Card>
    );
  }
  return (
    <Card title={`Stop emails about ${name}?`}>
      You will still see these notifications in Herald, just not by email.
      <form action={unsubscribeAction} className="mt-6">
        <input type="hidden" name="token" value={token} />
        <button
          type="submit"
          className="focus-ring min-h-touch rounded-md bg-accent-solid px-4 py-2 text-sm font-medium text-on-accent hover:bg-accent-solid-hover"
        >
          Unsubscribe
        </button>
      </form>
    </Card>
  );
}

function Card({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="w-full max-w-md rounded-card border border-line bg-surface p-6 shadow-sm sm:p-8" data-testid={testId}>
        <h1 className="text-xl font-semibold" dir="auto">
          {title}
        </h1>
        <div className="mt-3 text-sm text-fg-muted">{children}</div>
        <p className="mt-6 text-sm">
          <a href={SETTINGS_PATH} className="focus-ring rounded text-accent underline">
            Notification settings
          </a>
        </p>
      </div>
    </main>
  );
}
