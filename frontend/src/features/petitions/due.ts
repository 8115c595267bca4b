// The list's mark beside a case's deadline: the API says where the deadline
// stands (dueState, the case view's own clock state) and how many days are
// left; the page only words it.
export interface DueMark {
  type: "danger" | "warning";
  text: string;
}

export function dueMark(state: string | null | undefined, daysRemaining: number | null | undefined): DueMark | null {
  if (state === "OVERDUE" && daysRemaining != null) {
    return { type: "danger", text: `超期${Math.max(-daysRemaining, 1)}天` };
  }
  if (state === "WARNING" && daysRemaining != null) {
    return { type: "warning", text: daysRemaining === 0 ? "今日到期" : `剩${daysRemaining}天` };
  }
  return null;
}
