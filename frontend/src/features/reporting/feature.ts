import type { Feature } from "@/shell/features";

import { reportingMessages } from "./messages";

export const feature: Feature = {
  routes: [
    { path: "reporting", name: "reports", component: () => import("./ReportsPage.vue") },
    {
      path: "reporting/rollup",
      name: "report-rollup",
      component: () => import("./RollUpPage.vue"),
    },
    {
      path: "reporting/draft/:requirementId(\\d+)",
      name: "report-draft",
      component: () => import("./ReportDraftPage.vue"),
    },
    {
      path: "reporting/:id(\\d+)",
      name: "report",
      component: () => import("./ReportDetailPage.vue"),
    },
  ],
  menu: [
    {
      name: "reports",
      label: reportingMessages.menu.reports,
      path: "/reporting",
      anyOf: ["REPORT_SUBMIT", "REPORT_REVIEW"],
      order: 400,
    },
    {
      name: "report-rollup",
      label: reportingMessages.menu.rollUp,
      path: "/reporting/rollup",
      anyOf: ["REPORT_REVIEW", "SUBTREE_VIEW"],
      order: 410,
    },
  ],
};
