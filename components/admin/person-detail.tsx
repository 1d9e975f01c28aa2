"use client";
// One person: where they are online (which instance, how many sockets), unread count,
// push subscriptions (remove one), sessions (sign out everywhere), role and disable.
import Link from "next/link";
import { useState } from "react";
import type { PersonDetail as Person } from "@/server/admin/people.ts";
import { adminFetch, AdminApiError, useAdminResource } from "./admin-api.ts";
import { ConfirmButton } from "./confirm-button.tsx";
import { Badge, Button, Card, ErrorState, Loading, Notice, PageTitle, Time, linkClass } from "./parts.tsx";

export function PersonDetail({ userId }: { userId: string }) {
  const path = `people/${encodeURIComponent(userId)}`;
  const { data, error, reload } = useAdminResource<{ person: Person }>(path, 5000);
  const [notice, setNotice] = useState<{ tone: "success" | "danger"; text: string } | null>(null);

  const act = async (label: string, call: () => Promise<unknown>) => {
    setNotice(null);
    try {
      await call();
      setNotice({ tone: "success", text: label });
      reload();
    } catch (e) {
      setNotice({ tone: "danger", text: e instanceof AdminApiError ? e.message : String(e) });
    }
  };

  if (error && !data) return <ErrorState message={error.status === 404 ? `There is no person ${userId}.` : `This person could not be loaded: ${error.message}`} onRetry={reload} />;
  if (!data) return <Loading />;
  const p = data.person;
  return (
    <>
      <PageTitle
        title={p.name ?? p.email ?? p.id}
        description={
          <>
            {p.email ?? "no email"} · id <code>{p.id}</code> · <Link className={linkClass} href={`/admin/deliveries?person=${encodeURIComponent(p.id)}`}>their notifications</Link>
          </>
        }
        actions={<div className="flex gap-2">{p.role === "admin" && <Badge tone="accent">admin</Badge>}{p.disabled && <Badge tone="danger">disabled</Badge>}</div>}
      />
      {notice && <div className="mb-4"><Notice tone={notice.tone}>{notice.text}</Notice></div>}
      <div className="grid gap-4 md:grid-cols-2">
        <Card title="Presence">
          {p.presence.length === 0 ? (
            <p data-testid="presence" className="text-sm">
              <Badge>offline</Badge> no live connection on any instance.
            </p>
          ) : (
            <ul data-testid="presence" className="space-y-1 text-sm">
              <li>
                <Badge tone="success">online</Badge>
              </li>
              {p.presence.map((w) => (
                <li key={w.instanceId}>
                  {w.sockets} socket{w.sockets === 1 ? "" : "s"} on instance <code>{w.instanceId.slice(0, 8)}</code> {w.url && <span className="text-fg-muted">({w.url})</span>}
                </li>
              ))}
            </ul>
          )}
          <p className="mt-3 text-sm">
            Unread: <strong data-testid="unread-count">{p.unreadCount}</strong>
          </p>
        </Card>
        <Card title="Sessions">
          <p className="mb-3 text-sm">{p.activeSessions} active browser session{p.activeSessions === 1 ? "" : "s"}.</p>
          <ConfirmButton
            label="Sign out everywhere"
            title={`Sign ${p.name ?? p.id} out everywhere?`}
            description="Every browser session ends and every open connection closes at once, on every instance."
            onConfirm={() => act("Signed out everywhere.", () => adminFetch(`${path}/sign-out`, { method: "POST" }))}
          />
        </Card>
        <Card title="Push subscriptions">
          {p.pushSubscriptions.length === 0 ? (
            <p className="text-sm text-fg-muted">No browser or phone subscribed to push.</p>
          ) : (
            <ul className="divide-y divide-line">
              {p.pushSubscriptions.map((s) => (
                <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                  <span>
                    {s.userAgent ?? "Unknown browser"} · {new URL(s.endpoint).host}
                    <br />
                    <span className="text-xs text-fg-muted">
                      added <Time at={s.createdAt} />, last used <Time at={s.lastUsedAt} />
                    </span>
                  </span>
                  <Button size="sm" onClick={() => void act("Push subscription removed.", () => adminFetch(`${path}/push-subscriptions/${s.id}`, { method: "DELETE" }))}>
                    Remove
                  </Button>
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="Role and access">
          <div className="flex flex-wrap gap-2">
            {p.role === "admin" ? (
              <ConfirmButton
                label="Remove admin"
                title="Remove admin role?"
                description="They keep their account but lose the console at once. The last admin cannot be removed."
                onConfirm={() => act("Admin role removed.", () => adminFetch(`${path}/role`, { method: "PUT", body: { role: "user" } }))}
              />
            ) : (
              <Button onClick={() => void act("Now an admin.", () => adminFetch(`${path}/role`, { method: "PUT", body: { role: "admin" } }))}>Make admin</Button>
            )}
            {p.disabled ? (
              <Button onClick={() => void act("Enabled.", () => adminFetch(`${path}/disabled`, { method: "PUT", body: { disabled: false } }))}>Enable</Button>
            ) : (
              <ConfirmButton
                label="Disable"
                danger
                title={`Disable ${p.name ?? p.id}?`}
                description="They cannot sign in, every session ends and every socket closes; services cannot mint tokens for them until you enable them again."
                onConfirm={() => act("Disabled.", () => adminFetch(`${path}/disabled`, { method: "PUT", body: { disabled: true } }))}
              />
            )}
          </div>
        </Card>
      </div>
    </>
  );
}
