import { messages } from "@/locales/zh-CN";

import { FEATURES } from "./features";

export interface MenuItem {
  name: string;
  label: string;
  path: string;
  /** Shown when the user has any of these permissions; none means everyone. */
  anyOf: string[];
  /** Position in the menu, lowest first (the workbench is 0, the inbox 1000). */
  order: number;
  /** For users holding `role`: another label and position (a role's own home). */
  asHome?: { role: string; label: string; order: number };
}

// The server grants permissions by role (tenants/roles.py); the menu only hides
// what the server would refuse anyway. Features add their items in their own
// `feature.ts`.
export const MENU: MenuItem[] = [
  { name: "work", label: messages.menu.work, path: "/work", anyOf: [], order: 0 },
  ...FEATURES.flatMap((feature) => feature.menu),
  { name: "inbox", label: messages.menu.inbox, path: "/inbox", anyOf: [], order: 1000 },
].sort((a, b) => a.order - b.order);

export function menuFor(permissions: Iterable<string>, roles: Iterable<string> = []): MenuItem[] {
  const granted = new Set(permissions);
  const held = new Set(roles);
  return MENU.filter(
    (item) => item.anyOf.length === 0 || item.anyOf.some((p) => granted.has(p)),
  )
    .map((item) =>
      item.asHome && held.has(item.asHome.role)
        ? { ...item, label: item.asHome.label, order: item.asHome.order }
        : item,
    )
    .sort((a, b) => a.order - b.order);
}
