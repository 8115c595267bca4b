import type { Feature } from "@/shell/features";

import { reportingMessages } from "./messages";

export const feature: Feature = {
  routes: [
    { path: "reports", name: "reports", component: () => import("./ReportsPage.vue") },
    {
      path: "reports/rollup",
      name: "report-rollup",
      component: () => import("./RollUpPage.vue"),
    },
    {
      path: "reports/draft/:requirementId(\\d+)",
      name: "report-draft",
      component: () => import("./ReportDraftPage.vue"),
    },
    {
      path: "reports/:id(\\d+)",
      name: "report",
      component: () => import("./ReportDetailPage.vue"),
    },
  ],
  menu: [
    {
      name: "reports",
      label: reportingMessages.menu.reports,
      path: "/reports",
      anyOf: ["REPORT_SUBMIT", "REPORT_REVIEW"],
      order: 400,
    },
    {
      name: "report-rollup",
      label: reportingMessages.menu.rollUp,
      path: "/reports/rollup",
      anyOf: ["REPORT_REVIEW", "SUBTREE_VIEW"],
      order: 410,
    },
  ],
};
