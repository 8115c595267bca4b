import type { Feature } from "@/shell/features";

import { adminMessages } from "./messages";

export const feature: Feature = {
  routes: [
    { path: "admin", name: "admin", component: () => import("./AdminPage.vue") },
    {
      path: "admin/grants",
      name: "admin-grants",
      component: () => import("./RoleGrantsPage.vue"),
    },
  ],
  menu: [
    {
      name: "admin",
      label: adminMessages.menu,
      path: "/admin",
      anyOf: ["UNIT_MANAGE", "USER_MANAGE", "DEPARTMENT_MANAGE"],
      order: 800,
    },
    {
      name: "admin-grants",
      label: adminMessages.grantsMenu,
      path: "/admin/grants",
      anyOf: ["PETITION_APPROVE"],
      order: 810,
    },
  ],
};
