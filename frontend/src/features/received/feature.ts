import type { Feature } from "@/shell/features";

import { receivedMessages } from "./messages";

export const feature: Feature = {
  routes: [
    { path: "received", name: "received", component: () => import("./ReceivedPage.vue") },
    { path: "issued", name: "issued", component: () => import("./IssuedPage.vue") },
  ],
  menu: [
    {
      name: "received",
      label: receivedMessages.menu.received,
      path: "/received",
      // Those who object (CROSS_LEVEL_FLOW) or report results (REPORT_SUBMIT).
      anyOf: ["CROSS_LEVEL_FLOW", "REPORT_SUBMIT"],
      order: 120,
      fromAbove: true,
    },
    {
      name: "issued",
      label: receivedMessages.menu.issued,
      path: "/issued",
      // The sender decides objections and reports (remitObjectionDecide, resultReportDecide).
      anyOf: ["CROSS_LEVEL_FLOW"],
      order: 130,
    },
  ],
};
