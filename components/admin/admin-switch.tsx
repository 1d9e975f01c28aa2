"use client";
// The design system's switch (Radix: role="switch", Space/Enter flip it) for the console's on/off settings.
import { Switch } from "@/components/ui/switch.tsx";

export function AdminSwitch({ id, checked, disabled, onChange, describedBy }: { id: string; checked: boolean; disabled?: boolean; onChange: (on: boolean) => void; describedBy?: string }) {
  return <Switch id={id} checked={checked} disabled={disabled} onCheckedChange={onChange} aria-describedby={describedBy} />;
}
