import { describe, expect, it } from "vitest";
import { escapeHtml, notificationLink, renderEmail, type EmailContent } from "./render-email.ts";

const base: EmailContent = {
  title: "Bob mentioned you in Task #234",
  body: "Can you look at this?\nThanks",
  actionUrl: "/tasks/234?tab=comments#c9",
  typeName: "Mentions",
  publicUrl: "https://herald.example.com",
  unsubscribeUrl: "https://herald.example.com/unsubscribe?token=abc.def",
};

describe("renderEmail", () => {
  it("uses the title as subject, and puts title, body and the three links in both bodies", () => {
    const email = renderEmail(base);
    expect(email.subject).toBe("Bob mentioned you in Task #234");
    expect(email.links).toEqual({ open: "https://herald.example.com/tasks/234?tab=comments#c9", settings: "https://herald.example.com/settings/notifications" });
    for (const part of [base.title, "Can you look at this?\nThanks", "View notification: https://herald.example.com/tasks/234?tab=comments#c9",
      "Notification settings: https://herald.example.com/settings/notifications",
      "Unsubscribe from “Mentions” emails: https://herald.example.com/unsubscribe?token=abc.def"]) {
      expect(email.text).toContain(part);
    }
    expect(email.html).toContain('<a href="https://herald.example.com/tasks/234?tab=comments#c9"');
    expect(email.html).toContain('<a href="https://herald.example.com/settings/notifications"');
    expect(email.html).toContain('<a href="https://herald.example.com/unsubscribe?token=abc.def"');
    expect(email.html).toContain("Can you look at this?<br>\nThanks");
  });

  it("escapes everything the publisher wrote, in text content and in attributes", () => {
    const hostile = `<script>alert("x")</script> & <img src=x onerror='y'>`;
    const email = renderEmail({ ...base, title: hostile, body: hostile, typeName: `<b>"T"</b>` });
    expect(email.html).not.toContain("<script>");
    expect(email.html).not.toContain("<img");
    expect(email.html).not.toContain("<b>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=&#39;y&#39;&gt;");
    // The text body is plain text: kept as written.
    expect(email.text.startsWith(hostile)).toBe(true);
  });

  it("marks text blocks dir=auto and keeps right-to-left text and emoji as they are", () => {
    const email = renderEmail({ ...base, title: "שלום עולם 👋", body: "مرحبا\nبالعالم" });
    expect(email.subject).toBe("שלום עולם 👋");
    expect(email.html).toContain('<h1 dir="auto"');
    expect(email.html).toContain('<p dir="auto" style="margin:0 0 20px;font-size:15px;line-height:1.5">مرحبا<br>\nبالعالم</p>');
    expect(email.text).toContain("שלום עולם 👋\n\nمرحبا\nبالعالم\n");
  });

  it("puts a multi-line title on one subject line, and leaves out an empty body", () => {
    const email = renderEmail({ ...base, title: "Deploy failed\non prod", body: "   " });
    expect(email.subject).toBe("Deploy failed on prod");
    expect(email.text.split("\n").slice(0, 4)).toEqual(["Deploy failed", "on prod", "", expect.stringMatching(/^View notification: /)]);
  });

  it("offers no unsubscribe link for a critical type, and says why", () => {
    const email = renderEmail({ ...base, unsubscribeUrl: null, typeName: "Announcements" });
    expect(email.text).not.toMatch(/unsubscribe/i);
    expect(email.html).not.toMatch(/unsubscribe/i);
    expect(email.text).toContain("“Announcements” is critical: its emails cannot be turned off.");
  });
});

describe("notificationLink", () => {
  const publicUrl = "https://herald.example.com";
  it.each([
    ["/tasks/1", "https://herald.example.com/tasks/1"],
    ["https://herald.example.com/x?y=1", "https://herald.example.com/x?y=1"],
    [null, "https://herald.example.com/notifications"],
    // Another site: the feed, which marks such links before anyone follows them.
    ["https://docs.partner.example/a", "https://herald.example.com/notifications"],
    ["//evil.example/p", "https://herald.example.com/notifications"],
    ["/\\evil.example", "https://herald.example.com/notifications"],
    ["javascript:alert(1)", "https://herald.example.com/notifications"],
  ])("%s -> %s", (actionUrl, expected) => {
    expect(notificationLink(actionUrl, publicUrl)).toBe(expected);
  });
});

describe("escapeHtml", () => {
  it("escapes the five characters that matter in text and quoted attributes", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
