import type { Feature } from "@/shell/features";

export const feature: Feature = {
  routes: [
    {
      path: "work",
      name: "work",
      component: () => import("./MyWorkPage.vue"),
    },
  ],
  menu: [],
};
