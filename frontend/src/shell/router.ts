import {
  createRouter,
  createWebHistory,
  type RouteLocationNormalized,
  type RouteRecordRaw,
} from "vue-router";

import { FEATURES } from "./features";
import { homeFor, workReplacementFor } from "./menu";
import { useSessionStore } from "./sessionStore";

declare module "vue-router" {
  interface RouteMeta {
    /**
     * Started while the session is checked, so a page's chunk and its first
     * query travel at the same time as `me` instead of after it.
     */
    prefetch?: (to: RouteLocationNormalized) => void;
  }
}

const AppShell = () => import("./AppShell.vue");

// Pages load on demand so the first load carries only the shell and sign-in;
// each feature lists its own pages in `src/features/<name>/feature.ts`.
const routes: RouteRecordRaw[] = [
  {
    path: "/login",
    name: "login",
    component: () => import("./LoginPage.vue"),
    meta: { public: true },
  },
  {
    path: "/",
    component: AppShell,
    children: [
      { path: "", redirect: "/work" },
      ...FEATURES.flatMap((feature) => feature.routes),
      {
        path: "inbox",
        name: "inbox",
        component: () => import("./InboxPage.vue"),
      },
    ],
  },
  { path: "/:rest(.*)*", redirect: "/work" },
];

export const router = createRouter({ history: createWebHistory(), routes });

// The session is checked on every navigation: the API answers an anonymous
// caller's lists as empty rather than failing, so an expired session would
// otherwise look like an empty workbench. One small `me` query per page.
router.beforeEach(async (to, from) => {
  if (to.meta.public) return true;
  void AppShell();
  to.meta.prefetch?.(to);
  const session = useSessionStore();
  const wasSignedIn = session.user !== null;
  try {
    await session.load();
  } catch {
    // The page shows the server error; sign-in stays reachable.
  }
  if (!session.user) {
    if (wasSignedIn) session.markExpired();
    const query: Record<string, string> = { next: to.fullPath };
    if (wasSignedIn) query.expired = "1";
    return { name: "login", query };
  }
  // A role's own home (menu.ts `asHome`) instead of the workbench: the
  // simplified liaison page for a township liaison, the audit log for an auditor.
  if (to.name === "work") {
    // A home that replaces the workbench does so on every way in, a typed or
    // bookmarked /work included, not only on signing in.
    const replacement = workReplacementFor(session.user.permissions, session.user.roles);
    if (replacement) return { name: replacement, replace: true };
  }
  const landing = to.redirectedFrom?.path === "/" || from.name === "login";
  if (landing && to.name === "work") {
    const home = homeFor(session.user.permissions, session.user.roles);
    if (home) return { name: home };
  }
  return true;
});
