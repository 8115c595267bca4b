// The action buttons of the case page: exactly the actions the server lists
// in `allowedActions` (it runs the same checks as the mutations), in the
// order of the work, the step that moves the case on marked primary.
import type { PetitionAction } from "@/gql/graphql";

export interface AllowedAction {
  action: PetitionAction;
  label: string;
}

export interface ActionButton extends AllowedAction {
  primary: boolean;
  danger: boolean;
}

// The order of the work; attachments are uploaded in their own panel.
const ORDER: PetitionAction[] = [
  "ACCEPT",
  "DECLINE",
  "REFER",
  "ROUTE",
  "HANDLING_RECORD_ADD",
  "CONCLUDE",
  "CLOSURE_SUBMIT",
  "EXTENSION_REQUEST",
  "EXTENSION_APPROVE",
  "EXTENSION_REJECT",
  "CLOSURE_APPROVE",
  "CLOSURE_RETURN",
  "FEEDBACK_RECORD",
  "RETURN_VISIT_RECORD",
  "ARCHIVE",
  "REVIEW_REQUEST",
  "REVIEW_DECIDE",
  "INSTRUCT",
  "ASSIGN_OWNER",
  "RECUSE",
];

// The step that moves the case on, per stage of the work.
const PRIMARY = new Set<PetitionAction>([
  "ACCEPT",
  "ROUTE",
  "CONCLUDE",
  "CLOSURE_SUBMIT",
  "EXTENSION_APPROVE",
  "CLOSURE_APPROVE",
  "FEEDBACK_RECORD",
  "RETURN_VISIT_RECORD",
  "REVIEW_DECIDE",
]);

// Actions that refuse or send back: shown in red.
const DANGER = new Set<PetitionAction>(["DECLINE", "EXTENSION_REJECT", "CLOSURE_RETURN"]);

export function actionButtons(allowed: readonly AllowedAction[]): ActionButton[] {
  const byAction = new Map(allowed.map((item) => [item.action, item]));
  return ORDER.filter((action) => byAction.has(action)).map((action) => {
    const item = byAction.get(action)!;
    return {
      action,
      label: item.label,
      primary: PRIMARY.has(action),
      danger: DANGER.has(action),
    };
  });
}

export function mayUpload(allowed: readonly AllowedAction[]): boolean {
  return allowed.some((item) => item.action === "ATTACHMENT_ADD");
}
