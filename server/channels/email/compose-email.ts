// The message for one notification's email: rendered content, sender, recipient and the
// one-click unsubscribe header fields (RFC 8058) that mail clients turn into a button.
import { getConfig } from "../../config/index.ts";
import { isLocked } from "../../preferences/preferences.ts";
import type { NotificationType } from "../../types/type-definition.ts";
import type { NotificationForDelivery } from "../load-notification.ts";
import type { EmailMessage } from "./email-provider.ts";
import { renderEmail } from "./render-email.ts";
import { unsubscribeLinks } from "./unsubscribe.ts";

export function composeEmail(notification: NotificationForDelivery, type: NotificationType, to: string): EmailMessage {
  const config = getConfig();
  // A critical type's email cannot be turned off: no link or header that would promise it.
  const links = isLocked(type, "email") ? null : unsubscribeLinks(notification.userId, type.type, to);
  const rendered = renderEmail({
    title: notification.title,
    body: notification.body,
    actionUrl: notification.actionUrl,
    typeName: type.displayName,
    publicUrl: config.publicUrl,
    unsubscribeUrl: links?.page ?? null,
  });
  return {
    notificationId: notification.id,
    from: config.email.from,
    to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    headers: links ? { "List-Unsubscribe": `<${links.oneClick}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } : {},
  };
}
