"use client";
// A button that asks before a change that cannot be taken back in one click. A native
// <dialog> (modal: focus trapped, Escape closes) keeps it keyboard accessible.
import { useRef } from "react";
import { Button } from "./parts.tsx";

type Props = { label: string; title: string; description: string; danger?: boolean; onConfirm: () => void | Promise<void> };

export function ConfirmButton({ label, title, description, danger, onConfirm }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <Button variant={danger ? "danger" : "secondary"} onClick={() => dialog.current?.showModal()}>
        {label}
      </Button>
      <dialog
        ref={dialog}
        aria-label={title}
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl border border-slate-200 bg-white p-5 text-slate-900 shadow-xl backdrop:bg-slate-900/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 className="text-lg font-semibold">{title}</h2>
        <p className="mt-2 text-sm text-slate-700 dark:text-slate-300">{description}</p>
        <div className="mt-5 flex justify-end gap-2">
          <Button autoFocus onClick={() => dialog.current?.close()}>
            Cancel
          </Button>
          <Button
            variant={danger ? "danger" : "primary"}
            onClick={() => {
              dialog.current?.close();
              void onConfirm();
            }}
          >
            {label}
          </Button>
        </div>
      </dialog>
    </>
  );
}
