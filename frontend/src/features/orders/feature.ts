import type { Feature } from "@/shell/features";

import { messages } from "./messages";

export const feature: Feature = {
  routes: [
    {
      path: "orders/received",
      name: "orders-received",
      component: () => import("./OrderListPage.vue"),
      props: { direction: "RECEIVED" },
    },
    {
      path: "orders/issued",
      name: "orders-issued",
      component: () => import("./OrderListPage.vue"),
      props: { direction: "ISSUED" },
    },
    {
      path: "orders/:id(\\d+)",
      name: "order",
      component: () => import("./OrderDetailPage.vue"),
      props: true,
    },
  ],
  menu: [
    {
      name: "orders-received",
      label: messages.menuReceived,
      path: "/orders/received",
      anyOf: ["REPORT_SUBMIT"],
      order: 320,
      fromAbove: true,
    },
    {
      name: "orders-issued",
      label: messages.menuIssued,
      path: "/orders/issued",
      anyOf: ["SUPERVISION_ISSUE"],
      order: 330,
    },
  ],
};
