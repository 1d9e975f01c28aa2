// The email for one notification, as text and HTML: its title (also the subject), its
// body with line breaks kept, a link back to it, a link to the notification settings and,
// unless the type is critical, one to unsubscribe from this type's emails. Pure: the
// caller passes the links' base and the unsubscribe link. Everything from the publisher
// is escaped, and text blocks are dir="auto" so right-to-left titles and bodies read right.
import { resolveActionUrl } from "../../../lib/action-url.ts";

export type EmailContent = {
  title: string;
  body: string | null;
  actionUrl: string | null;
  /** The type's display name. */
  typeName: string;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** Null for a critical type, whose emails cannot be turned off. */
  unsubscribeUrl: string | null;
};

export type RenderedEmail = { subject: string; text: string; html: string; links: { open: string; settings: string } };

export const SETTINGS_PATH = "/settings/notifications";

/**
 * The notification's own link when it stays on Herald's origin; otherwise the feed, where
 * Herald marks a link to another site as such before anyone follows it.
 */
export function notificationLink(actionUrl: string | null, publicUrl: string): string {
  const resolved = resolveActionUrl(actionUrl, publicUrl);
  return resolved && !resolved.external ? new URL(resolved.href, publicUrl).href : `${publicUrl}/notifications`;
}

export function renderEmail(content: EmailContent): RenderedEmail {
  const open = notificationLink(content.actionUrl, content.publicUrl);
  const settings = `${content.publicUrl}${SETTINGS_PATH}`;
  const body = content.body?.trim() ? content.body.replace(/\r\n?/g, "\n") : null;
  const why = `You get this email because “${content.typeName}” notifications reach you by email.`;
  const optOut = content.unsubscribeUrl
    ? { text: `Unsubscribe from “${content.typeName}” emails: ${content.unsubscribeUrl}`, html: link(content.unsubscribeUrl, `Unsubscribe from “${content.typeName}” emails`) }
    : { text: `“${content.typeName}” is critical: its emails cannot be turned off.`, html: escapeHtml(`“${content.typeName}” is critical: its emails cannot be turned off.`) };

  const text = [
    content.title,
    ...(body ? ["", body] : []),
    "",
    `View notification: ${open}`,
    "",
    "--",
    why,
    `Notification settings: ${settings}`,
    optOut.text,
    "",
  ].join("\n");

  const html = `<!doctype html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(content.title)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,'Segoe UI',sans-serif;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:12px;padding:24px">
<h1 dir="auto" style="margin:0 0 12px;font-size:18px;line-height:1.4">${escapeHtml(content.title)}</h1>
${body ? `<p dir="auto" style="margin:0 0 20px;font-size:15px;line-height:1.5">${escapeHtml(body).replace(/\n/g, "<br>\n")}</p>\n` : ""}<p style="margin:0 0 8px"><a href="${escapeHtml(open)}" style="display:inline-block;background:#4f46e5;color:#ffffff;text-decoration:none;padding:10px 16px;border-radius:8px;font-size:15px">View notification</a></p>
</div>
<div style="max-width:560px;margin:16px auto 0;font-size:12px;line-height:1.5;color:#64748b">
<p dir="auto" style="margin:0 0 4px">${escapeHtml(why)}</p>
<p style="margin:0">${link(settings, "Notification settings")} · ${optOut.html}</p>
</div>
</body>
</html>
`;
  return { subject: content.title.replace(/\s+/g, " ").trim(), text, html, links: { open, settings } };
}

function link(href: string, label: string): string {
  return `<a href="${escapeHtml(href)}" style="color:#4f46e5">${escapeHtml(label)}</a>`;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}
