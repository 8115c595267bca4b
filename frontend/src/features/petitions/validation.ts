// Checks that run as the registrar types. Each mirrors a server rule word for
// word (supervision/rules/identity.py, supervision/services/intake.py and
// common.py) and reports under the same field path as the server's errors, so
// the page shows a server answer and a local one in the same place. The server
// still decides: its answer is the one shown after saving.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = "10X98765432";
const PROVINCE_CODES = new Set([
  "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36",
  "37", "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62",
  "63", "64", "65", "71", "81", "82", "83",
]);
const EARLIEST_BIRTH = "19000101";

// Art 20: a collective visit sends at most five representatives; a visit of
// five or more people is a collective visit.
export const MAX_REPRESENTATIVES = 5;
export const COLLECTIVE_HEADCOUNT = 5;

function normalize(value: string): string {
  return value.normalize("NFKC").replace(/\s+/g, "");
}

/** ISO 7064 MOD 11-2 check character of the first 17 digits (GB 11643). */
export function citizenIdCheckChar(first17: string): string {
  let total = 0;
  for (let index = 0; index < 17; index += 1) total += Number(first17[index]) * WEIGHTS[index];
  return CHECK_CHARS[total % 11];
}

function isoDay(day: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${day.getFullYear()}${pad(day.getMonth() + 1)}${pad(day.getDate())}`;
}

function isRealDate(digits: string): boolean {
  const year = Number(digits.slice(0, 4));
  const month = Number(digits.slice(4, 6));
  const day = Number(digits.slice(6, 8));
  const date = new Date(year, month - 1, day);
  return date.getFullYear() === year && date.getMonth() === month - 1 && date.getDate() === day;
}

/** The server's message for an invalid citizen ID number, or null. */
export function citizenIdError(value: string, today: Date = new Date()): string | null {
  const number = normalize(value).toUpperCase();
  if (!number) return "请填写公民身份号码";
  if (number.length !== 18) return `公民身份号码应为18位，现为${number.length}位`;
  if (!/^[0-9]{17}[0-9X]$/.test(number)) return "公民身份号码前17位应为数字，末位应为数字或X";
  if (!PROVINCE_CODES.has(number.slice(0, 2))) {
    return `公民身份号码前两位“${number.slice(0, 2)}”不是有效的省级行政区划代码`;
  }
  const birth = number.slice(6, 14);
  if (!isRealDate(birth) || birth < EARLIEST_BIRTH || birth > isoDay(today)) {
    return `公民身份号码中的出生日期“${birth}”无效`;
  }
  if (citizenIdCheckChar(number.slice(0, 17)) !== number[17]) {
    return "公民身份号码校验位不正确，请核对号码";
  }
  return null;
}

const MOBILE = /^1[3-9][0-9]{9}$/;
const LANDLINE = /^(010|02[0-9]|0[3-9][0-9]{2})-?([2-9][0-9]{6,7})$/;

/** The server's message for an invalid phone number, or null. */
export function phoneError(value: string): string | null {
  let number = normalize(value);
  if (!number) return "请填写联系电话";
  if (!/^\+?[0-9-]+$/.test(number)) return "联系电话只能包含数字和“-”";
  number = number.replace(/^(?:\+|00)?86-?(?=1)/, "");
  if (number.startsWith("1")) {
    return MOBILE.test(number.replaceAll("-", "")) ? null : "手机号码应为11位，以13至19开头";
  }
  if (number.startsWith("0")) {
    return LANDLINE.test(number) ? null : "固定电话应为区号加7至8位号码，如0571-87654321";
  }
  return "请填写手机号码或带区号的固定电话";
}

export type ChannelValue = "LETTER" | "VISIT" | "CALL" | "ONLINE";
export type LegalTypeValue = "SUGGESTION" | "ACCUSATION" | "APPEAL";
export type PetitionerRoleValue = "PRINCIPAL" | "COSIGNER" | "REPRESENTATIVE";

export interface PetitionerDraft {
  name: string;
  citizenId: string;
  phone: string;
  address: string;
  role: PetitionerRoleValue;
  politicalStatus: string;
}

export interface AccusedDraft {
  name: string;
  unitName: string;
  unitCode: string;
  /** 所在单位不详: the registrar states the unit is not known. */
  unitUnknown: boolean;
  post: string;
  rank: string;
  managingLevel: string;
  isMainLeader: boolean;
}

export interface RegistrationDraft {
  channel: ChannelValue;
  receivedOn: string;
  legalType: LegalTypeValue | "";
  topic: string;
  title: string;
  content: string;
  origin: string;
  originBody: string;
  originReference: string;
  isAnonymous: boolean;
  isJoint: boolean;
  isCollective: boolean;
  headcount: number;
  receptionDayId: string;
  petitioners: PetitionerDraft[];
  accused: AccusedDraft[];
}

/** Which optional parts of the form a channel has. */
export function channelFields(channel: ChannelValue) {
  return {
    // A joint letter (联名信) is a letter; a collective visit (集体访) and a
    // leader's reception day (领导接访日) are visits in person.
    joint: channel === "LETTER",
    collective: channel === "VISIT",
    receptionDay: channel === "VISIT",
  };
}

export function emptyPetitioner(role: PetitionerRoleValue = "PRINCIPAL"): PetitionerDraft {
  return { name: "", citizenId: "", phone: "", address: "", role, politicalStatus: "" };
}

export function emptyAccused(): AccusedDraft {
  return {
    name: "",
    unitName: "",
    unitCode: "",
    unitUnknown: false,
    post: "",
    rank: "",
    managingLevel: "",
    isMainLeader: false,
  };
}

export function emptyRegistration(today: string, channel: ChannelValue = "LETTER"): RegistrationDraft {
  return {
    channel,
    receivedOn: today,
    legalType: "",
    topic: "",
    title: "",
    content: "",
    origin: "DIRECT",
    originBody: "",
    originReference: "",
    isAnonymous: false,
    isJoint: false,
    isCollective: false,
    headcount: 1,
    receptionDayId: "",
    petitioners: [emptyPetitioner()],
    accused: [],
  };
}

export type FieldErrors = Record<string, string>;

function requireText(errors: FieldErrors, value: string, field: string, label: string) {
  if (!value.trim()) errors[field] = `请填写${label}`;
}

/** Every error the server would report for this draft, keyed by field path. */
export function registrationErrors(draft: RegistrationDraft, today: string): FieldErrors {
  const errors: FieldErrors = {};
  const fields = channelFields(draft.channel);
  if (!draft.legalType) errors.legalType = "请选择信访类型";
  if (!draft.topic) errors.topic = "请选择问题类别";
  if (!draft.receivedOn) errors.receivedOn = "请填写收件日期";
  else if (draft.receivedOn > today) errors.receivedOn = "收件日期不能晚于今天";
  requireText(errors, draft.title, "title", "摘要");
  requireText(errors, draft.content, "content", "反映内容");
  if (draft.origin !== "DIRECT") requireText(errors, draft.originBody, "originBody", "转来机关");

  const people = draft.isAnonymous ? [] : draft.petitioners;
  if (!draft.isAnonymous && people.length === 0) errors.petitioners = "实名信访须登记信访人信息";
  if (draft.legalType === "APPEAL" && draft.isAnonymous) {
    errors.isAnonymous = "申诉求决类信访须实名提出";
  }
  if (draft.legalType === "ACCUSATION" && draft.accused.length === 0) {
    errors.accused = "检举控告类信访须登记被反映人";
  }
  if (fields.collective && draft.isCollective) {
    if (draft.headcount < COLLECTIVE_HEADCOUNT) {
      errors.headcount = `集体访人数应不少于${COLLECTIVE_HEADCOUNT}人`;
    }
    const representatives = people.filter((person) => person.role === "REPRESENTATIVE").length;
    if (representatives > MAX_REPRESENTATIVES) {
      errors.petitioners = `集体访推选代表不得超过${MAX_REPRESENTATIVES}人`;
    }
  }
  if (fields.joint && draft.isJoint && people.length < 2) {
    errors.petitioners = "联名信须登记至少两名联名人";
  }
  people.forEach((person, index) => {
    const prefix = `petitioners.${index}`;
    requireText(errors, person.name, `${prefix}.name`, "姓名");
    if (person.citizenId.trim()) {
      const message = citizenIdError(person.citizenId, new Date(`${today}T12:00:00`));
      if (message) errors[`${prefix}.citizenId`] = message;
    }
    if (person.phone.trim()) {
      const message = phoneError(person.phone);
      if (message) errors[`${prefix}.phone`] = message;
    }
  });
  draft.accused.forEach((person, index) => {
    const prefix = `accused.${index}`;
    requireText(errors, person.name, `${prefix}.name`, "姓名");
    requireText(errors, person.unitName, `${prefix}.unitName`, "工作单位");
    const unitMessage = accusedUnitError(draft.legalType, person);
    if (unitMessage) errors[`${prefix}.unitCode`] = unitMessage;
    if (!person.managingLevel) errors[`${prefix}.managingLevel`] = "请选择干部管理权限";
  });
  return errors;
}

/**
 * The server's rule for an accusation (检举控告): each accused carries a unit
 * of the tree or an explicit "所在单位不详", never both; other legal types may
 * leave the unit as a name only.
 */
export function accusedUnitError(
  legalType: RegistrationDraft["legalType"],
  person: Pick<AccusedDraft, "name" | "unitCode" | "unitUnknown">,
): string | null {
  const hasCode = person.unitCode.trim() !== "";
  if (hasCode && person.unitUnknown) return "已从单位树选择所在单位，不能同时标明“所在单位不详”";
  if (legalType !== "ACCUSATION" || hasCode || person.unitUnknown) return null;
  const name = person.name.trim();
  return `检举控告须从单位树中选择被反映人${name}的所在单位；确实不详的，请标明“所在单位不详”`;
}
