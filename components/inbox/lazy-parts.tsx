"use client";

// Parts of the signed-in layout that first paint does not need, loaded after hydration so
// their code (and Radix toast's) stays out of the first bundle.
import dynamic from "next/dynamic";

export const LazyArrivalToasts = dynamic(() => import("./arrival-toasts.tsx"), { ssr: false });
