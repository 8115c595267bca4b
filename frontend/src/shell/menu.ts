import { messages } from "@/locales/zh-CN";

export interface MenuItem {
  name: string;
  label: string;
  path: string;
  /** Shown when the user has any of these permissions; none means everyone. */
  anyOf: string[];
}

// The server grants permissions by role (tenants/roles.py); the menu only hides
// what the server would refuse anyway.
export const MENU: MenuItem[] = [
  { name: "work", label: messages.menu.work, path: "/work", anyOf: [] },
  {
    name: "petitions",
    label: messages.menu.petitions,
    path: "/petitions",
    anyOf: ["PETITION_VIEW"],
  },
  {
    name: "register",
    label: messages.menu.register,
    path: "/petitions/new",
    anyOf: ["PETITION_REGISTER"],
  },
  {
    name: "receptionDays",
    label: messages.menu.receptionDays,
    path: "/reception-days",
    anyOf: ["PETITION_VIEW"],
  },
  { name: "inbox", label: messages.menu.inbox, path: "/inbox", anyOf: [] },
];

export function menuFor(permissions: Iterable<string>): MenuItem[] {
  const granted = new Set(permissions);
  return MENU.filter(
    (item) => item.anyOf.length === 0 || item.anyOf.some((p) => granted.has(p)),
  );
}
