import type { Feature } from "@/shell/features";

import { prefetchDashboard } from "./dashboardQuery";
import { messages } from "./messages";

export const feature: Feature = {
  routes: [
    {
      path: "dashboard",
      name: "dashboard",
      component: () => import("./DashboardPage.vue"),
      meta: {
        // The page's code, its charts' code and its first queries go out
        // together with the session check instead of one after another.
        prefetch: (to) => {
          void import("./DashboardPage.vue");
          void import("./LazyChart.vue");
          prefetchDashboard(typeof to.query.unit === "string" ? to.query.unit : "");
        },
      },
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
