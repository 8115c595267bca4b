import type { Feature } from "@/shell/features";

import { liaisonMessages } from "./messages";

export const feature: Feature = {
  routes: [
    { path: "liaison", name: "liaison", component: () => import("./LiaisonHomePage.vue") },
  ],
  menu: [
    {
      name: "liaison",
      label: liaisonMessages.menu,
      path: "/liaison",
      // Township liaisons land here after sign-in (shell/router.ts).
      anyOf: ["PETITION_REGISTER"],
      order: 250,
      // A liaison's home: first in the menu and named as its page is, so the
      // menu highlights 联络员工作台 there rather than a section of it.
      asHome: { role: "LIAISON", label: liaisonMessages.title, order: -1 },
    },
  ],
};
