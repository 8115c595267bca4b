// The form rules the server enforces (supervision/crosslevel/services/online.py),
// checked in the browser first so the citizen sees them before sending.
import type { LegalType, Topic } from "@/gql/graphql";
import { M } from "./messages";

export const TITLE_MAX = 100;
export const CONTENT_MAX = 5000;
// Attachments (supervision/services/attachments.py ONLINE_*): the server
// judges the type by the content; the browser checks what it can first.
export const FILES_MAX = 5;
export const FILE_MB_MAX = 5;
export const FILE_TYPES = ["image/jpeg", "image/png", "application/pdf"];

export interface PortalForm {
  isAnonymous: boolean;
  name: string;
  citizenId: string;
  phone: string;
  address: string;
  legalType: LegalType | "";
  topic: Topic | "";
  title: string;
  content: string;
  accusedName: string;
  accusedUnitName: string;
  accusedUnitCode: string;
  accusedPost: string;
  accusedUnitUnknown: boolean;
}

export function emptyForm(): PortalForm {
  return {
    isAnonymous: false,
    name: "",
    citizenId: "",
    phone: "",
    address: "",
    legalType: "",
    topic: "",
    title: "",
    content: "",
    accusedName: "",
    accusedUnitName: "",
    accusedUnitCode: "",
    accusedPost: "",
    accusedUnitUnknown: false,
  };
}

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECKS = "10X98765432";

/** GB 11643 check character of an 18-character citizen ID. */
export function citizenIdIsValid(value: string): boolean {
  const id = value.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(id)) return false;
  const sum = WEIGHTS.reduce((total, weight, i) => total + weight * Number(id[i]), 0);
  return CHECKS[sum % 11] === id[17];
}

/** Field → Chinese message for each rule the form breaks. */
export function validate(form: PortalForm): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!form.legalType) errors.legalType = M.needLegalType;
  if (!form.topic) errors.topic = M.needTopic;
  if (!form.title.trim()) errors.title = M.needTitle;
  else if (form.title.trim().length > TITLE_MAX) errors.title = M.titleTooLong;
  if (!form.content.trim()) errors.content = M.needContent;
  else if (form.content.trim().length > CONTENT_MAX) errors.content = M.contentTooLong;
  if (!form.isAnonymous) {
    if (!form.name.trim()) errors.name = M.needName;
    if (!citizenIdIsValid(form.citizenId)) errors.citizenId = M.badCitizenId;
    if (!/^[\d-]{7,20}$/.test(form.phone.trim())) errors.phone = M.badPhone;
  } else if (form.legalType && form.legalType !== "ACCUSATION") {
    errors.isAnonymous = M.anonymousOnlyAccusation;
  }
  if (form.legalType === "ACCUSATION") {
    if (!form.accusedName.trim()) errors.accusedName = M.needAccusedName;
    if (!form.accusedUnitUnknown) {
      if (!form.accusedUnitCode) errors.accusedUnitCode = M.needAccusedArea;
      if (!form.accusedUnitName.trim()) errors.accusedUnitName = M.needAccusedUnit;
    }
  }
  return errors;
}

/** The submit input the API takes. */
export function submitInput(form: PortalForm) {
  const accused =
    form.legalType === "ACCUSATION"
      ? [
          {
            name: form.accusedName.trim(),
            unitName: form.accusedUnitUnknown ? "不详" : form.accusedUnitName.trim(),
            post: form.accusedPost.trim() || null,
            unitCode: form.accusedUnitUnknown ? null : form.accusedUnitCode || null,
            unitUnknown: form.accusedUnitUnknown,
          },
        ]
      : [];
  return {
    isAnonymous: form.isAnonymous,
    name: form.isAnonymous ? null : form.name.trim(),
    citizenId: form.isAnonymous ? null : form.citizenId.trim().toUpperCase(),
    phone: form.isAnonymous ? null : form.phone.trim(),
    address: form.address.trim() || null,
    legalType: form.legalType as LegalType,
    topic: form.topic as Topic,
    title: form.title.trim(),
    content: form.content.trim(),
    accused,
  };
}

export type ProgressStep = "received" | "accepted" | "declined" | "concluded";

/** Which steps of the timeline are reached, from the progress dates. */
export function progressSteps(progress: {
  receivedOn: string;
  decidedOn?: string | null;
  acceptedOn?: string | null;
  closedOn?: string | null;
  decision?: string | null;
}): { step: ProgressStep; on: string }[] {
  const steps: { step: ProgressStep; on: string }[] = [
    { step: "received", on: progress.receivedOn },
  ];
  if (progress.decision === "DECLINED" && progress.decidedOn)
    steps.push({ step: "declined", on: progress.decidedOn });
  else if (progress.acceptedOn) steps.push({ step: "accepted", on: progress.acceptedOn });
  if (progress.closedOn) steps.push({ step: "concluded", on: progress.closedOn });
  return steps;
}

export type AnswerActions = {
  rate: boolean;
  rated: string | null;
  review: boolean;
  reviewRequestedOn: string | null;
};

/** What the petitioner may do with the answer now: rate it (once), ask for
 * 复查 within its window (once); the server decides, the view follows. */
export function answerActions(progress: {
  mayRate: boolean;
  satisfactionLabel?: string | null;
  mayRequestReview: boolean;
  reviewRequestedOn?: string | null;
}): AnswerActions {
  return {
    rate: progress.mayRate,
    rated: progress.satisfactionLabel ?? null,
    review: progress.mayRequestReview && !progress.reviewRequestedOn,
    reviewRequestedOn: progress.reviewRequestedOn ?? null,
  };
}

export const REVIEW_REASON_MAX = 2000;

/** The 复查 reason's own check before it is sent. */
export function reviewReasonError(reason: string): string | null {
  const text = reason.trim();
  if (!text) return "请写明请求复查的理由";
  if (text.length > REVIEW_REASON_MAX) return `理由不能超过${REVIEW_REASON_MAX}个字`;
  return null;
}

/** The first rule the chosen files break (count, size, type), or null. */
export function filesError(files: { name: string; size: number; type: string }[]): string | null {
  if (files.length > FILES_MAX) return `附件不能超过${FILES_MAX}个`;
  for (const file of files) {
    if (!FILE_TYPES.includes(file.type)) return `“${file.name}”不是JPG、PNG图片或PDF文件`;
    if (file.size === 0) return `“${file.name}”是空文件`;
    if (file.size > FILE_MB_MAX * 1024 * 1024) return `“${file.name}”超过${FILE_MB_MAX}MB，请压缩后再上传`;
  }
  return null;
}

/** The form field a server error belongs next to. */
export function errorField(field: string): string {
  return field
    .replace(/^accused\.0\.(\w)/, (_, first: string) => `accused${first.toUpperCase()}`)
    .replace(/^attachments(\..*)?$/, "attachments");
}

// Which level handles a matter (分级负责, 干部管理权限), or where else to go.
export type MatterKind = "ORGANIZATION" | "LITIGATION" | "DISCIPLINE" | "OTHER_BODY";
export type MatterSubject = "VILLAGE" | "COUNTY" | "CITY" | "PROVINCE" | "PLACE";

export type LevelAdvice =
  | { handledHere: true; level: number; text: string }
  | { handledHere: false; rule: string; text: string };

/** The advice for a matter: the level of organization department to choose
 * (0 province … 3 township) or, for a matter that belongs elsewhere, the
 * server's own referral rule (`referLabels`: ReferTarget labels from the API)
 * and where to go instead. */
export function levelAdvice(
  kind: MatterKind,
  subject: MatterSubject,
  referLabels: Record<string, string>,
): LevelAdvice {
  if (kind === "ORGANIZATION") {
    const { level, text } = M.guideLevels[subject];
    return { handledHere: true, level, text };
  }
  return { handledHere: false, rule: referLabels[kind] ?? "", text: M.referWhere[kind] };
}
