"use client";
// A button that asks before a change that cannot be taken back in one click, with the
// design system's confirmation dialog (Cancel focused first).
import { useState } from "react";
import { ConfirmDialog } from "@/components/ui/dialog.tsx";
import { Button } from "@/components/ui/button.tsx";

type Props = { label: string; title: string; description: string; danger?: boolean; onConfirm: () => void | Promise<void> };

export function ConfirmButton({ label, title, description, danger, onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant={danger ? "danger" : "secondary"} onClick={() => setOpen(true)}>
        {label}
      </Button>
      <ConfirmDialog
        open={open}
        onOpenChange={setOpen}
        title={title}
        description={description}
        confirmLabel={label}
        tone={danger ? "danger" : "primary"}
        onConfirm={() => void onConfirm()}
      />
    </>
  );
}
