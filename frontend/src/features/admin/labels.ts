import type { AdminLabelsQuery } from "@/gql/graphql";

export type LabelMap = Record<string, Record<string, string>>;

/** The API's enum labels (enumLabels) as name → value → Chinese label. */
export function labelMap(rows: AdminLabelsQuery["enumLabels"]): LabelMap {
  const map: LabelMap = {};
  for (const row of rows) {
    map[row.name] = Object.fromEntries(row.values.map((v) => [v.value, v.label]));
  }
  return map;
}

export interface TreeUnit {
  code: string;
  name: string;
  parentCode?: string | null;
}

export interface TreeNode<T extends TreeUnit> {
  unit: T;
  children: TreeNode<T>[];
}

/** Nests the units of a subtree under their parents; the root is the unit without a parent in the list. */
export function buildTree<T extends TreeUnit>(units: T[]): TreeNode<T>[] {
  const nodes = new Map(units.map((unit) => [unit.code, { unit, children: [] as TreeNode<T>[] }]));
  const roots: TreeNode<T>[] = [];
  for (const node of nodes.values()) {
    const parent = node.unit.parentCode ? nodes.get(node.unit.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  const sort = (list: TreeNode<T>[]) => {
    list.sort((a, b) => a.unit.code.localeCompare(b.unit.code));
    list.forEach((n) => sort(n.children));
  };
  sort(roots);
  return roots;
}
