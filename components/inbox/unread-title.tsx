"use client";

// The unread count in the tab's title ("(3) Herald"), kept when Next changes the title on
// navigation: the prefix is put back whenever the <title> changes.
import { useEffect } from "react";
import { useInbox } from "./inbox-provider.tsx";

const PREFIX = /^\(\d+\+?\) /;

export function UnreadTitle() {
  const { state } = useInbox();
  const count = state.unreadCount;
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(PREFIX, "");
      const wanted = count > 0 ? `(${count > 99 ? "99+" : count}) ${base}` : base;
      if (document.title !== wanted) document.title = wanted;
    };
    apply();
    const observer = new MutationObserver(apply);
    observer.observe(document.head, { subtree: true, childList: true, characterData: true });
    return () => {
      observer.disconnect();
      document.title = document.title.replace(PREFIX, "");
    };
  }, [count]);
  return null;
}
