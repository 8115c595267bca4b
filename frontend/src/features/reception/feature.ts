import { messages } from "@/locales/zh-CN";
import type { Feature } from "@/shell/features";

export const feature: Feature = {
  routes: [
    {
      path: "reception-days",
      name: "receptionDays",
      component: () => import("./ReceptionDaysPage.vue"),
    },
  ],
  menu: [
    {
      name: "receptionDays",
      label: messages.menu.receptionDays,
      path: "/reception-days",
      anyOf: ["PETITION_VIEW"],
      order: 200,
    },
  ],
};
