import { createRouter, createWebHistory, type RouteRecordRaw } from "vue-router";

import { useSessionStore } from "./sessionStore";

// Pages load on demand so the first load carries only the shell and sign-in.
const routes: RouteRecordRaw[] = [
  {
    path: "/login",
    name: "login",
    component: () => import("./LoginPage.vue"),
    meta: { public: true },
  },
  {
    path: "/",
    component: () => import("./AppShell.vue"),
    children: [
      { path: "", redirect: "/work" },
      {
        path: "work",
        name: "work",
        component: () => import("@/features/work/MyWorkPage.vue"),
      },
      {
        path: "petitions",
        name: "petitions",
        component: () => import("@/features/petitions/PetitionListPage.vue"),
      },
      {
        path: "petitions/:id([0-9a-f-]{36})",
        name: "petition",
        component: () => import("@/features/petitions/case/CasePage.vue"),
      },
      {
        path: "petitions/new",
        name: "register",
        component: () => import("@/features/petitions/PetitionRegisterPage.vue"),
      },
      {
        path: "reception-days",
        name: "receptionDays",
        component: () => import("@/features/reception/ReceptionDaysPage.vue"),
      },
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

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const session = useSessionStore();
  if (!session.loaded) {
    try {
      await session.load();
    } catch {
      // The shell shows the server error; sign-in is still reachable.
    }
  }
  if (!session.user) {
    return { name: "login", query: { next: to.fullPath } };
  }
  return true;
});
