import type { RouteRecordRaw } from "vue-router";

import type { MenuItem } from "./menu";

/**
 * What a feature adds to the shell: its pages (children of the shell's route)
 * and its menu items. Each `src/features/<name>/feature.ts` exports one as
 * `feature`; the shell collects them, so a new feature touches no shared file.
 */
export interface Feature {
  routes: RouteRecordRaw[];
  menu: MenuItem[];
}

const modules = import.meta.glob<{ feature: Feature }>("../features/*/feature.ts", {
  eager: true,
});

export const FEATURES: Feature[] = Object.keys(modules)
  .sort()
  .map((path) => modules[path].feature);
