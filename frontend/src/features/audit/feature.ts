import type { Feature } from "@/shell/features";

import { auditMessages } from "./messages";

export const feature: Feature = {
  routes: [{ path: "audit", name: "audit", component: () => import("./AuditPage.vue") }],
  menu: [
    {
      name: "audit",
      label: auditMessages.menu,
      path: "/audit",
      anyOf: ["AUDIT_VIEW"],
      order: 900,
      // An auditor has nothing else to do in the workbench (no queue of
      // MyWorkPage is theirs): for a user whose only role is 审计员 the log is
      // the home, first in the menu, 工作台 leaves the menu, and signing in
      // or opening /work lands on the log (shell/router.ts).
      asHome: { role: "AUDITOR", label: auditMessages.menu, order: -1, sole: true, replacesWork: true },
    },
  ],
};
