import type { Feature } from "@/shell/features";

import { messages } from "./messages";

export const feature: Feature = {
  routes: [
    {
      path: "dashboard",
      name: "dashboard",
      component: () => import("./DashboardPage.vue"),
    },
  ],
  menu: [
    {
      name: "dashboard",
      label: messages.menu,
      path: "/dashboard",
      anyOf: ["SUBTREE_VIEW"],
      order: 300,
    },
  ],
};
