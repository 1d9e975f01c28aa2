"use client";

// "Push notifications in this browser": one switch, shown in the settings screen's push
// section. It needs nothing from its parent: it asks the browser and the server for the
// current state itself.
import { useEffect, useId, useState } from "react";
import { disablePush, enablePush, pushState, type PushState } from "@/lib/push-client.ts";
import { InlineAlert } from "../ui/states.tsx";
import { Switch } from "../ui/switch.tsx";

const HINTS: Record<PushState, string> = {
  unsupported: "This browser can't receive push notifications here (it needs HTTPS and a browser with Web Push).",
  denied: "Notifications are blocked for this site. Allow them in your browser's site settings to turn this on.",
  off: "Get a notification on this device when something arrives while Herald isn't open.",
  on: "This browser gets a notification when something arrives while Herald isn't open.",
};

export function PushToggle({ className = "" }: { className?: string }) {
  const [state, setState] = useState<PushState | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const labelId = useId();
  const hintId = useId();

  useEffect(() => {
    let live = true;
    pushState().then(
      (s) => live && setState(s),
      () => live && setState("off"),
    );
    return () => {
      live = false;
    };
  }, []);

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      setState(await (state === "on" ? disablePush() : enablePush()));
    } catch (e) {
      setError(e instanceof Error ? e.message : "Push notifications could not be changed.");
    } finally {
      setBusy(false);
    }
  };

  const on = state === "on";
  const disabled = state === null || busy || state === "unsupported" || state === "denied";
  return (
    <div className={`flex flex-col gap-1 ${className}`} data-testid="push-toggle" data-state={state ?? "loading"}>
      <div className="flex items-center justify-between gap-4">
        <span id={labelId} className="text-sm font-medium text-fg">
          Push notifications in this browser
        </span>
        <Switch
          checked={on}
          onCheckedChange={() => void toggle()}
          aria-labelledby={labelId}
          aria-describedby={hintId}
          aria-busy={busy}
          disabled={disabled}
          className="disabled:opacity-50"
        />
      </div>
      <p id={hintId} className="text-sm text-fg-muted">
        {state ? HINTS[state] : "Checking this browser…"}
      </p>
      {error && <InlineAlert tone="danger">{error}</InlineAlert>}
    </div>
  );
}
