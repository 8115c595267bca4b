/** The reception-day form's own checks, the same as the server's. */
export interface ReceptionDayDraft {
  id: string | null;
  heldOn: string;
  leaderId: string;
  place: string;
  note: string;
}

export function emptyReceptionDay(today: string): ReceptionDayDraft {
  return { id: null, heldOn: today, leaderId: "", place: "", note: "" };
}

export function receptionDayErrors(draft: ReceptionDayDraft): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!draft.heldOn) errors.heldOn = "请选择接访日期";
  if (!draft.leaderId) errors.leaderId = "请选择接访领导";
  if (!draft.place.trim()) errors.place = "请填写接访地点";
  return errors;
}
