"use client";

// What the browser knows of the type registry: each type's name and priority, sent once
// with the signed-in layout. A type first published after the page loaded is unknown here
// and shows with the defaults (its key, normal priority, the icon its key suggests).
import { createContext, useContext, type ReactNode } from "react";

export type Priority = "low" | "normal" | "high";
export type TypeInfo = { name: string; priority: Priority };
export type TypeCatalog = Record<string, TypeInfo>;

const Context = createContext<TypeCatalog>({});

export function TypeCatalogProvider({ catalog, children }: { catalog: TypeCatalog; children: ReactNode }) {
  return <Context.Provider value={catalog}>{children}</Context.Provider>;
}

export function useTypeInfo(type: string): TypeInfo {
  const info = useContext(Context)[type];
  return info ?? { name: type, priority: "normal" };
}
