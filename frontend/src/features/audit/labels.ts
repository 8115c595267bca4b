// Readable audit entries: the keys and values of an entry's before, after and
// details (stored by the server's services as small JSON objects) in Chinese.
// Enum values come from the API's labels (enumLabels); the words of the
// other stored codes mirror the server's services (tenants/services/auth.py,
// supervision/services/reveal.py, frontend/petitions.py). What the server
// names itself stays there: a petition's tracking number (trackingNumber),
// the refused operation in Chinese (operationLabel,
// graphql_api/tenants/operation_labels.py) and a result report, order reply
// or user named by id (targetLabel).
import type { LabelMap } from "@/features/admin/labels";

export { labelMap, type LabelMap } from "@/features/admin/labels";

export const KEY_LABELS: Record<string, string> = {
  reason: "原因",
  user: "用户编号",
  operation: "操作",
  missing: "缺少的权限",
  // Ids nobody outside the system knows: the tracking number replaces the
  // petition's when the server knows it (see entryFields).
  petition: "信访件内部标识",
  petitioner: "信访人内部标识",
  fields: "显示的字段",
  field: "显示的字段",
  via: "途径",
  attachment: "附件内部标识",
  report: "报告编号",
  version: "版本",
  file: "文件",
  bulletin: "考核通报编号",
  result_report: "报结编号",
  supervision_order_reply: "督办回复编号",
  grant: "授权申请编号",
  roles: "角色",
  tokens_revoked: "吊销令牌数",
  sessions_ended: "结束会话数",
  full_name: "姓名",
  department: "科室编号",
  is_active: "状态",
  name: "名称",
  short_name: "简称",
  kind: "类别",
  level: "层级",
  parent: "上级单位代码",
  agency_code: "机关代字",
  signatory: "签发人",
  // An export of the audit log (frontend/audit_export.py): its filter and size.
  rows: "导出条数",
  filters: "导出条件",
  actions: "操作类型",
  actor_username: "操作人账号",
  unit_code: "单位代码",
  include_subunits: "含下级单位",
  since: "起始时间",
  until: "截止时间",
};

// Stored codes and the enum whose labels name them.
const ENUM_OF_KEY: Record<string, string> = {
  roles: "Role",
  missing: "Permission",
  level: "UnitLevel",
  kind: "DepartmentKind",
  actions: "AuditAction",
};

const WORDS: Record<string, Record<string, string>> = {
  reason: {
    invalid_credentials: "用户名或密码错误",
    account_locked: "账号因多次失败被锁定",
    address_locked: "来源地址因多次失败被锁定",
  },
  fields: {
    name: "姓名",
    citizenId: "身份证号码",
    phone: "联系电话",
    address: "住址",
    notice: "告知书（含身份信息）",
  },
  via: { graphql: "查看信访件", reveal: "点击“显示”" },
};
WORDS.field = WORDS.fields;

const NOTICE = "notice:";

/** The Chinese label of a stored enum code ("auditor", "crosslevel.flow") by the API's labels. */
export function enumText(labels: LabelMap, enumName: string, raw: string): string {
  const values = labels[enumName];
  if (!values) return raw;
  const key = raw.replace(/[^0-9a-z]/gi, "").toUpperCase();
  const found = Object.entries(values).find(([value]) => value.replace(/_/g, "") === key);
  return found ? found[1] : raw;
}

function scalarText(key: string, value: unknown, labels: LabelMap): string {
  if (value === null || value === undefined || value === "") return "无";
  if (typeof value === "boolean") {
    if (key === "is_active") return value ? "启用" : "停用";
    return value ? "是" : "否";
  }
  const text = String(value);
  const enumName = ENUM_OF_KEY[key];
  if (enumName) return enumText(labels, enumName, text);
  if (key === "via" && text.startsWith(NOTICE)) return "打印告知书";
  return WORDS[key]?.[text] ?? text;
}

/** One value of an entry as people read it: lists joined with 、, codes in words. */
export function valueText(key: string, value: unknown, labels: LabelMap): string {
  if (Array.isArray(value)) {
    return value.length ? value.map((item) => scalarText(key, item, labels)).join("、") : "无";
  }
  if (value !== null && typeof value === "object") {
    return Object.entries(value)
      .map(([inner, innerValue]) => `${KEY_LABELS[inner] ?? inner}：${valueText(inner, innerValue, labels)}`)
      .join("；");
  }
  return scalarText(key, value, labels);
}

export interface EntryField {
  key: string;
  label: string;
  value: string;
}

/** What the server resolved for an entry: its petition's tracking number, the refused operation. */
export interface EntryNames {
  trackingNumber?: string | null;
  operationLabel?: string | null;
  targetLabel?: string | null;
}

// The stored ids the server names in targetLabel, and what the row calls them.
const TARGET_LABEL_KEYS: Record<string, string> = {
  result_report: "报结材料",
  supervision_order_reply: "督办单回复附件",
  user: "账号",
};

// A stored id or code the server named: the row shows the name instead.
function namedField(key: string, names: EntryNames): EntryField | null {
  if (key === "petition" && names.trackingNumber) {
    return { key, label: "信访件编号", value: names.trackingNumber };
  }
  if (key === "operation" && names.operationLabel) {
    return { key, label: "拒绝的操作", value: names.operationLabel };
  }
  if (key in TARGET_LABEL_KEYS && names.targetLabel) {
    return { key, label: TARGET_LABEL_KEYS[key], value: names.targetLabel };
  }
  return null;
}

/** The 对象 column: the tracking number, the refused operation or the named
 * report, reply or user when the server knows them, a petition's bare id
 * marked as internal, else the target. */
export function targetText(entry: EntryNames & { target: string; details?: string | null }): string {
  if (entry.trackingNumber) return entry.trackingNumber;
  if (entry.targetLabel) return entry.targetLabel;
  if (entry.operationLabel) return entry.operationLabel;
  if (entry.target && detailsPetition(entry.details) === entry.target) {
    return `${KEY_LABELS.petition}：${entry.target}`;
  }
  return entry.target;
}

function detailsPetition(json: string | null | undefined): string | null {
  try {
    const parsed: unknown = JSON.parse(json ?? "null");
    if (parsed && typeof parsed === "object" && "petition" in parsed) {
      const petition = (parsed as Record<string, unknown>).petition;
      return typeof petition === "string" ? petition : null;
    }
  } catch {
    // Not JSON: no petition to name.
  }
  return null;
}

/** An entry's JSON object (before, after or details) as labelled rows; none for an empty one.
 * `names` (the entry's trackingNumber, operationLabel) replace the ids they name. */
export function entryFields(
  json: string | null | undefined,
  labels: LabelMap,
  names: EntryNames = {},
): EntryField[] {
  if (!json) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return [{ key: "", label: "内容", value: json }];
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    return parsed === null ? [] : [{ key: "", label: "内容", value: valueText("", parsed, labels) }];
  }
  return Object.entries(parsed).map(
    ([key, value]) =>
      namedField(key, names) ?? {
        key,
        label: KEY_LABELS[key] ?? key,
        value: valueText(key, value, labels),
      },
  );
}
