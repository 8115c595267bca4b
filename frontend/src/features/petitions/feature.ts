import { messages } from "@/locales/zh-CN";
import type { Feature } from "@/shell/features";

import { prefetchCase } from "./case/caseQuery";

export const feature: Feature = {
  routes: [
    {
      path: "petitions",
      name: "petitions",
      component: () => import("./PetitionListPage.vue"),
    },
    {
      path: "petitions/:id([0-9a-f-]{36})",
      name: "petition",
      component: () => import("./case/CasePage.vue"),
      meta: {
        prefetch: (to) => {
          void import("./case/CasePage.vue");
          prefetchCase(String(to.params.id));
        },
      },
    },
    {
      path: "petitions/new",
      name: "register",
      component: () => import("./PetitionRegisterPage.vue"),
    },
  ],
  menu: [
    {
      name: "petitions",
      label: messages.menu.petitions,
      path: "/petitions",
      anyOf: ["PETITION_VIEW"],
      order: 100,
    },
    {
      name: "register",
      label: messages.menu.register,
      path: "/petitions/new",
      anyOf: ["PETITION_REGISTER"],
      order: 110,
    },
  ],
};
