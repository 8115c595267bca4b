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
  /**
   * For users holding `role`: another label and position (a role's own home),
   * where signing in lands. `sole`: only when it is the user's one role.
   * `replacesWork`: the workbench has nothing for such a user (no queue is
   * theirs), so it leaves the menu and /work goes to this home instead.
   */
  asHome?: { role: string; label: string; order: number; sole?: boolean; replacesWork?: boolean };
  /**
   * What only an upper unit sends (transfers, assignments, supervision orders
   * from above): left out for a unit without one (the province), where the page
   * could never hold anything.
   */
  fromAbove?: boolean;
}

export interface MenuContext {
  /** Whether the user's unit has an upper unit (the session's `unit.parentCode`). */
  hasUpperUnit?: boolean;
}

function isHomeOf(item: MenuItem, held: Set<string>): boolean {
  if (!item.asHome || !held.has(item.asHome.role)) return false;
  return !item.asHome.sole || held.size === 1;
}

// The server grants permissions by role (tenants/roles.py); the menu only hides
// what the server would refuse anyway. Features add their items in their own
// `feature.ts`.
export const MENU: MenuItem[] = [
  { name: "work", label: messages.menu.work, path: "/work", anyOf: [], order: 0 },
  ...FEATURES.flatMap((feature) => feature.menu),
  { name: "inbox", label: messages.menu.inbox, path: "/inbox", anyOf: [], order: 1000 },
].sort((a, b) => a.order - b.order);

export function menuFor(
  permissions: Iterable<string>,
  roles: Iterable<string> = [],
  { hasUpperUnit = true }: MenuContext = {},
): MenuItem[] {
  const granted = new Set(permissions);
  const held = new Set(roles);
  const shown = MENU.filter(
    (item) =>
      (item.anyOf.length === 0 || item.anyOf.some((p) => granted.has(p))) &&
      (hasUpperUnit || !item.fromAbove),
  );
  const withoutWork = shown.some((item) => item.asHome?.replacesWork && isHomeOf(item, held));
  return shown
    .filter((item) => !(withoutWork && item.name === "work"))
    .map((item) =>
      item.asHome && isHomeOf(item, held)
        ? { ...item, label: item.asHome.label, order: item.asHome.order }
        : item,
    )
    .sort((a, b) => a.order - b.order);
}

/** The route name of the user's own home page, if a role has one (else the workbench). */
export function homeFor(permissions: Iterable<string>, roles: Iterable<string>): string | null {
  const held = new Set(roles);
  const home = menuFor(permissions, held).find((item) => isHomeOf(item, held));
  return home?.name ?? null;
}

/** The home that takes the workbench's place for this user (an auditor-only
 * account's audit log), if any: /work leads there. */
export function workReplacementFor(permissions: Iterable<string>, roles: Iterable<string>): string | null {
  const held = new Set(roles);
  const home = menuFor(permissions, held).find((item) => item.asHome?.replacesWork && isHomeOf(item, held));
  return home?.name ?? null;
}
