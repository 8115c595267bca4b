import type { Feature } from "@/shell/features";

import { messages } from "./messages";

export const feature: Feature = {
  routes: [
    {
      path: "repeats",
      name: "repeats",
      component: () => import("./RepeatsPage.vue"),
    },
  ],
  menu: [
    {
      name: "repeats",
      label: messages.menu,
      path: "/repeats",
      anyOf: ["SUBTREE_VIEW"],
      order: 310,
    },
  ],
};
