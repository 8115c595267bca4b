// The dialog of each case action: its fields (named as the mutation's
// arguments, so a server error's `field` lands beside the right input), the
// checks that mirror the server's rules and messages as you type, and the
// mutation it sends. The server's answer is still the one that counts.
import {
  CaseAcceptDocument,
  CaseArchiveDocument,
  CaseAssignOwnerDocument,
  CaseClosureApproveDocument,
  CaseClosureReturnDocument,
  CaseClosureSubmitDocument,
  CaseConcludeDocument,
  CaseDeclineDocument,
  CaseExtensionApproveDocument,
  CaseExtensionRejectDocument,
  CaseExtensionRequestDocument,
  CaseFeedbackRecordDocument,
  CaseHandlingRecordAddDocument,
  CaseInstructDocument,
  CaseRecuseDocument,
  CaseReferDocument,
  CaseReturnVisitRecordDocument,
  CaseReviewDecideDocument,
  CaseReviewRequestDocument,
  CaseRouteDocument,
  type LegalType,
  type PetitionAction,
} from "@/gql/graphql";
import { caseMessages } from "@/locales/zh-CN";

export type FieldKind =
  | "text"
  | "textarea"
  | "date"
  | "number"
  | "enum"
  | "department"
  | "handler"
  | "leader"
  | "staff";

export interface FormContext {
  legalType: LegalType;
  today: string;
}

export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  enumName?: string;
  required?: (context: FormContext) => boolean;
  requiredMessage?: string;
  visible?: (context: FormContext) => boolean;
  notFuture?: boolean;
  min?: number;
  max?: number;
  rangeMessage?: string;
  initial?: (context: FormContext) => string | number;
}

export interface ActionForm {
  action: PetitionAction;
  intro?: string;
  fields: FieldSpec[];
  // A typed string of the codegen; every payload has `errors`.
  document: { toString(): string };
}

export type FormValues = Record<string, string | number | null>;

const m = caseMessages.forms;
const always = () => true;
const isAppeal = (context: FormContext) => context.legalType === "APPEAL";
const isAccusation = (context: FormContext) => context.legalType === "ACCUSATION";
const today = (context: FormContext) => context.today;

function text(name: string, label: string, extra: Partial<FieldSpec> = {}): FieldSpec {
  return { name, label, kind: "textarea", required: always, ...extra };
}

function date(name: string, label: string): FieldSpec {
  return { name, label, kind: "date", required: always, notFuture: true, initial: today };
}

const OPINION: FieldSpec[] = [
  text("request", m.request),
  text("facts", m.facts),
  text("reasons", m.reasons),
  text("legalBasis", m.legalBasis),
];

export const ACTION_FORMS: Record<Exclude<PetitionAction, "ATTACHMENT_ADD" | "TRANSFER" | "ASSIGN" | "ESCALATE">, ActionForm> = {
  ACCEPT: {
    action: "ACCEPT",
    intro: m.acceptIntro,
    fields: [date("decidedOn", m.decidedOn), text("note", m.note, { required: undefined })],
    document: CaseAcceptDocument,
  },
  DECLINE: {
    action: "DECLINE",
    fields: [
      { name: "ground", label: m.ground, kind: "enum", enumName: "DeclineGround", required: always, requiredMessage: "请选择不予受理的理由" },
      text("note", m.note, { required: undefined }),
    ],
    document: CaseDeclineDocument,
  },
  REFER: {
    action: "REFER",
    fields: [
      { name: "target", label: m.referTarget, kind: "enum", enumName: "ReferTarget", required: always, requiredMessage: "请选择告知类别" },
      { name: "referTo", label: m.referTo, kind: "text", required: always },
      text("note", m.note, { required: undefined }),
    ],
    document: CaseReferDocument,
  },
  ROUTE: {
    action: "ROUTE",
    fields: [
      { name: "departmentId", label: m.department, kind: "department", required: always },
      { name: "handlerId", label: m.handler, kind: "handler", required: always },
    ],
    document: CaseRouteDocument,
  },
  INSTRUCT: { action: "INSTRUCT", fields: [text("content", m.instruction)], document: CaseInstructDocument },
  ASSIGN_OWNER: {
    action: "ASSIGN_OWNER",
    fields: [{ name: "leaderId", label: m.leader, kind: "leader", required: always }],
    document: CaseAssignOwnerDocument,
  },
  RECUSE: {
    action: "RECUSE",
    fields: [
      { name: "userId", label: m.recusedUser, kind: "staff", required: always },
      text("reason", m.recusalReason),
    ],
    document: CaseRecuseDocument,
  },
  HANDLING_RECORD_ADD: {
    action: "HANDLING_RECORD_ADD",
    fields: [
      { name: "kind", label: m.recordKind, kind: "enum", enumName: "HandlingRecordKind", required: always, requiredMessage: "请选择办理记录类别" },
      date("occurredOn", m.occurredOn),
      text("content", m.handlingContent),
    ],
    document: CaseHandlingRecordAddDocument,
  },
  CONCLUDE: {
    action: "CONCLUDE",
    intro: m.concludeIntro,
    fields: [
      text("summary", m.summary),
      {
        name: "finding",
        label: m.finding,
        kind: "enum",
        enumName: "Finding",
        required: isAccusation,
        requiredMessage: "检举控告类信访须作出属实、部分属实、不属实或查无实据的结论",
      },
      ...OPINION.map((field) => ({
        ...field,
        required: isAppeal,
        visible: isAppeal,
        requiredMessage: `处理意见书须写明${field.label}`,
      })),
      {
        name: "decision",
        label: m.decision,
        kind: "enum",
        enumName: "AppealDecision",
        required: isAppeal,
        visible: isAppeal,
        requiredMessage: "处理意见书须作出支持、解释说明或不予支持的意见",
      },
    ],
    document: CaseConcludeDocument,
  },
  EXTENSION_REQUEST: {
    action: "EXTENSION_REQUEST",
    fields: [
      { name: "days", label: m.extensionDays, kind: "number", required: always, min: 1, max: 30, rangeMessage: "延长期限为1至30日", initial: () => 30 },
      text("reason", m.extensionReason),
    ],
    document: CaseExtensionRequestDocument,
  },
  EXTENSION_APPROVE: {
    action: "EXTENSION_APPROVE",
    intro: m.extensionApproveIntro,
    fields: [date("petitionerToldOn", m.petitionerToldOn)],
    document: CaseExtensionApproveDocument,
  },
  EXTENSION_REJECT: {
    action: "EXTENSION_REJECT",
    fields: [text("reason", m.rejectReason)],
    document: CaseExtensionRejectDocument,
  },
  CLOSURE_SUBMIT: { action: "CLOSURE_SUBMIT", intro: m.submitIntro, fields: [], document: CaseClosureSubmitDocument },
  CLOSURE_APPROVE: { action: "CLOSURE_APPROVE", intro: m.approveIntro, fields: [], document: CaseClosureApproveDocument },
  CLOSURE_RETURN: {
    action: "CLOSURE_RETURN",
    fields: [text("reason", m.returnReason)],
    document: CaseClosureReturnDocument,
  },
  FEEDBACK_RECORD: {
    action: "FEEDBACK_RECORD",
    fields: [
      date("givenOn", m.givenOn),
      text("content", m.feedbackContent),
      text("petitionerOpinion", m.petitionerOpinion, { required: undefined }),
    ],
    document: CaseFeedbackRecordDocument,
  },
  RETURN_VISIT_RECORD: {
    action: "RETURN_VISIT_RECORD",
    fields: [
      date("visitedOn", m.visitedOn),
      { name: "satisfaction", label: m.satisfaction, kind: "enum", enumName: "Satisfaction", required: always, requiredMessage: "请选择满意度" },
      text("note", m.note, { required: undefined }),
    ],
    document: CaseReturnVisitRecordDocument,
  },
  ARCHIVE: { action: "ARCHIVE", intro: m.archiveIntro, fields: [], document: CaseArchiveDocument },
  REVIEW_REQUEST: {
    action: "REVIEW_REQUEST",
    intro: m.reviewRequestIntro,
    fields: [date("requestedOn", m.requestedOn)],
    document: CaseReviewRequestDocument,
  },
  REVIEW_DECIDE: {
    action: "REVIEW_DECIDE",
    fields: [
      { name: "decision", label: m.reviewDecision, kind: "enum", enumName: "ReviewDecision", required: always, requiredMessage: "请作出维持、变更或撤销的决定" },
      ...OPINION,
      text("summary", m.summary, { required: undefined }),
    ],
    document: CaseReviewDecideDocument,
  },
};

export function visibleFields(form: ActionForm, context: FormContext): FieldSpec[] {
  return form.fields.filter((field) => (field.visible ?? always)(context));
}

export function initialValues(form: ActionForm, context: FormContext): FormValues {
  return Object.fromEntries(
    form.fields.map((field) => [field.name, field.initial ? field.initial(context) : null]),
  );
}

function isBlank(value: FormValues[string]): boolean {
  return value === null || value === undefined || String(value).trim() === "";
}

function requiredMessage(field: FieldSpec): string {
  if (field.requiredMessage) return field.requiredMessage;
  const choose = ["enum", "department", "handler", "leader", "staff", "date"];
  return choose.includes(field.kind) ? `请选择${field.label}` : `请填写${field.label}`;
}

/** The field errors the server would answer, as you type (same messages). */
export function formErrors(
  form: ActionForm,
  values: FormValues,
  context: FormContext,
): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const field of visibleFields(form, context)) {
    const value = values[field.name];
    const required = field.required?.(context) ?? false;
    if (isBlank(value)) {
      if (required) errors[field.name] = requiredMessage(field);
      continue;
    }
    if (field.notFuture && String(value) > context.today) {
      errors[field.name] = `${field.label}不能晚于今天`;
    }
    if (field.kind === "number") {
      const number = Number(value);
      const outside =
        !Number.isInteger(number) ||
        (field.min !== undefined && number < field.min) ||
        (field.max !== undefined && number > field.max);
      if (outside) errors[field.name] = field.rangeMessage ?? `${field.label}取值无效`;
    }
  }
  return errors;
}

/** The mutation's variables: the visible fields, blanks left out. */
export function formVariables(
  form: ActionForm,
  values: FormValues,
  context: FormContext,
  petitionId: string,
): Record<string, unknown> {
  const variables: Record<string, unknown> = { petitionId };
  for (const field of visibleFields(form, context)) {
    const value = values[field.name];
    if (isBlank(value)) continue;
    variables[field.name] =
      field.kind === "number" ? Number(value) : typeof value === "string" ? value.trim() : value;
  }
  return variables;
}
