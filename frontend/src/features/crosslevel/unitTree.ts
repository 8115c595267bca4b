// The unit-tree picker's model: the server's candidates (each allowed or
// refused with its reason) arranged as a tree by parent code, filtered by a
// search on name or code. No rule is decided here: a unit is disabled exactly
// when the server refused it.

export interface CandidateUnit {
  code: string;
  name: string;
  shortName: string;
  level: string;
  depth: number;
  parentCode?: string | null;
}

export interface Candidate {
  allowed: boolean;
  reason: string;
  suggested: boolean;
  unit: CandidateUnit;
}

export interface TreeNode {
  code: string;
  label: string;
  levelLabel: string;
  disabled: boolean;
  reason: string;
  suggested: boolean;
  children: TreeNode[];
}

/** The candidates as a forest: a unit under its parent when the parent is a
 * candidate too, else at the top; suggested units first, then by code. */
export function buildTree(
  candidates: readonly Candidate[],
  levelLabel: (level: string) => string,
): TreeNode[] {
  const nodes = new Map<string, TreeNode>();
  for (const item of candidates) {
    nodes.set(item.unit.code, {
      code: item.unit.code,
      label: item.unit.name,
      levelLabel: levelLabel(item.unit.level),
      disabled: !item.allowed,
      reason: item.allowed ? "" : item.reason,
      suggested: item.suggested,
      children: [],
    });
  }
  const roots: TreeNode[] = [];
  for (const item of candidates) {
    const node = nodes.get(item.unit.code)!;
    const parent = item.unit.parentCode ? nodes.get(item.unit.parentCode) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const order = (list: TreeNode[]) => {
    list.sort((a, b) => Number(b.suggested) - Number(a.suggested) || a.code.localeCompare(b.code));
    list.forEach((node) => order(node.children));
  };
  order(roots);
  return roots;
}

/** Whether a node matches the search: its name or code contains it. */
export function matches(node: Pick<TreeNode, "code" | "label">, query: string): boolean {
  const term = query.trim();
  if (term === "") return true;
  return node.label.includes(term) || node.code.includes(term);
}

/** The forest pruned to matching units and their ancestors. */
export function filterTree(roots: readonly TreeNode[], query: string): TreeNode[] {
  if (query.trim() === "") return [...roots];
  const keep = (node: TreeNode): TreeNode | null => {
    const children = node.children.map(keep).filter((child): child is TreeNode => child !== null);
    return matches(node, query) || children.length > 0 ? { ...node, children } : null;
  };
  return roots.map(keep).filter((node): node is TreeNode => node !== null);
}

/** The hover text of a unit: why it cannot be chosen, or that it is suggested. */
export function nodeTitle(node: TreeNode, suggestedText: string): string {
  if (node.disabled) return node.reason;
  return node.suggested ? suggestedText : "";
}

/** Three months after `today` (the default result date of an assignment,
 * 交办报结期限), as YYYY-MM-DD; the server moves it off a holiday. */
export function defaultDueOn(today: Date): string {
  const due = new Date(today.getFullYear(), today.getMonth() + 3, today.getDate());
  if (due.getDate() !== today.getDate()) due.setDate(0);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${due.getFullYear()}-${pad(due.getMonth() + 1)}-${pad(due.getDate())}`;
}

/**
 * When the server refuses every candidate, the reasons it gives (each once, in
 * order), so the dialog can say why nothing may be chosen; null while any
 * unit may be chosen (or there are none at all).
 */
export function reasonsWhenNoneAllowed(candidates: readonly Candidate[]): string[] | null {
  if (candidates.length === 0 || candidates.some((c) => c.allowed)) return null;
  return [...new Set(candidates.map((c) => c.reason).filter(Boolean))];
}
