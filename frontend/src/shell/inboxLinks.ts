import type { NotificationKind } from "@/gql/graphql";

export interface InboxItem {
  kind: NotificationKind;
  subjectType: string;
  subjectId: string;
}

// A cross-level notification names the link, which has no page of its own:
// the list where the recipient acts on it does. An objection goes both ways
// (raised to the sender, decided to the receiver), so it is not guessed.
const LIST_OF_KIND: Partial<Record<NotificationKind, string>> = {
  CASE_RECEIVED: "/received",
  REPORT_RETURNED: "/received",
  REPORT_MISSING: "/received",
  RESULT_REPORT: "/issued",
  REPORT_DUE_SOON: "/reporting",
  REPORT_OVERDUE: "/reporting",
  CHILD_REPORT_OVERDUE: "/reporting",
  WRITTEN_REPORT_SUBMITTED: "/reporting",
  WRITTEN_REPORT_RETURNED: "/reporting",
};

/** Where a notification opens: its case or order, else the list it is acted on in. */
export function notificationPath(item: InboxItem): string | null {
  if (item.subjectType === "petition") return `/petitions/${item.subjectId}`;
  if (item.subjectType === "supervision_order") return `/orders/${item.subjectId}`;
  return LIST_OF_KIND[item.kind] ?? null;
}
