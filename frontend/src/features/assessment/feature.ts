import type { Feature } from "@/shell/features";

import { assessmentMessages } from "./messages";

export const feature: Feature = {
  routes: [
    {
      path: "assessment",
      name: "assessment",
      component: () => import("./AssessmentPage.vue"),
    },
  ],
  menu: [
    {
      name: "assessment",
      label: assessmentMessages.menu,
      path: "/assessment",
      anyOf: ["REPORT_REVIEW"],
      order: 700,
    },
  ],
};
