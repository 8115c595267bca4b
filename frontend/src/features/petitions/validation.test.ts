import { describe, expect, test } from "vitest";

import {
  citizenIdCheckChar,
  citizenIdError,
  emptyAccused,
  emptyPetitioner,
  emptyRegistration,
  phoneError,
  registrationErrors,
  type RegistrationDraft,
} from "./validation";

const TODAY = "2026-12-01";

function letter(overrides: Partial<RegistrationDraft> = {}): RegistrationDraft {
  return {
    ...emptyRegistration(TODAY, "LETTER"),
    legalType: "SUGGESTION",
    topic: "CADRE_SELECTION",
    title: "反映干部选拔问题",
    content: "某单位干部选拔程序不规范",
    petitioners: [{ ...emptyPetitioner(), name: "张三" }],
    ...overrides,
  };
}

describe("citizen ID (GB 11643)", () => {
  test("valid numbers pass, full-width digits and spaces included", () => {
    expect(citizenIdError("320102198001010016")).toBe(null);
    expect(citizenIdError("110105 19750630 0129")).toBe(null);
    expect(citizenIdError("３２０１０４１９９００３１５０３３５")).toBe(null);
  });

  test("the check character is MOD 11-2", () => {
    expect(citizenIdCheckChar("32010219800101001")).toBe("6");
    expect(citizenIdCheckChar("32010219660202041")).toBe("3");
  });

  test("a wrong check digit has the server's message", () => {
    expect(citizenIdError("320102198001010017")).toBe("公民身份号码校验位不正确，请核对号码");
  });

  test("length, characters, region and birth date have the server's messages", () => {
    expect(citizenIdError("32010219800101")).toBe("公民身份号码应为18位，现为14位");
    expect(citizenIdError("32010219800101001A")).toBe(
      "公民身份号码前17位应为数字，末位应为数字或X",
    );
    expect(citizenIdError("990102198001010016")).toBe(
      "公民身份号码前两位“99”不是有效的省级行政区划代码",
    );
    expect(citizenIdError("320102198002300016")).toBe(
      "公民身份号码中的出生日期“19800230”无效",
    );
    expect(citizenIdError("320102203001010016", new Date("2026-12-01T12:00:00"))).toBe(
      "公民身份号码中的出生日期“20300101”无效",
    );
    expect(citizenIdError("  ")).toBe("请填写公民身份号码");
  });
});

describe("phone", () => {
  test("mobiles and landlines pass", () => {
    expect(phoneError("13812345678")).toBe(null);
    expect(phoneError("+86 138 1234 5678")).toBe(null);
    expect(phoneError("025-84561234")).toBe(null);
    expect(phoneError("057187654321")).toBe(null);
  });

  test("bad numbers have the server's messages", () => {
    expect(phoneError("1381234567")).toBe("手机号码应为11位，以13至19开头");
    expect(phoneError("025-1234")).toBe("固定电话应为区号加7至8位号码，如0571-87654321");
    expect(phoneError("电话")).toBe("联系电话只能包含数字和“-”");
    expect(phoneError("88888888")).toBe("请填写手机号码或带区号的固定电话");
  });
});

describe("registration", () => {
  test("a complete letter has no errors", () => {
    expect(registrationErrors(letter(), TODAY)).toEqual({});
  });

  test("required fields are named as the server names them", () => {
    const draft = letter({ title: " ", content: "", legalType: "", topic: "", petitioners: [] });
    expect(registrationErrors(draft, TODAY)).toEqual({
      legalType: "请选择信访类型",
      topic: "请选择问题类别",
      title: "请填写摘要",
      content: "请填写反映内容",
      petitioners: "实名信访须登记信访人信息",
    });
  });

  test("a future receipt date and a transfer without its body are refused", () => {
    const draft = letter({ receivedOn: "2026-12-02", origin: "UPPER_UNIT", originBody: "" });
    expect(registrationErrors(draft, TODAY)).toEqual({
      receivedOn: "收件日期不能晚于今天",
      originBody: "请填写转来机关",
    });
  });

  test("an appeal must be signed and an accusation must name the accused", () => {
    expect(registrationErrors(letter({ legalType: "APPEAL", isAnonymous: true }), TODAY)).toEqual({
      isAnonymous: "申诉求决类信访须实名提出",
    });
    expect(registrationErrors(letter({ legalType: "ACCUSATION" }), TODAY)).toEqual({
      accused: "检举控告类信访须登记被反映人",
    });
    const accused = { ...emptyAccused(), name: "李四" };
    expect(
      registrationErrors(letter({ legalType: "ACCUSATION", accused: [accused] }), TODAY),
    ).toEqual({
      "accused.0.unitName": "请填写工作单位",
      "accused.0.unitCode": "检举控告须从单位树中选择被反映人李四的所在单位；确实不详的，请标明“所在单位不详”",
      "accused.0.managingLevel": "请选择干部管理权限",
    });
  });

  test("an accusation's accused has a unit of the tree or 所在单位不详, not both", () => {
    const base = { ...emptyAccused(), name: "李四", unitName: "玄武区某街道", managingLevel: "COUNTY" };
    const errorsOf = (legalType: RegistrationDraft["legalType"], accused: typeof base) =>
      registrationErrors(letter({ legalType, accused: [accused] }), TODAY);

    expect(errorsOf("ACCUSATION", { ...base, unitCode: "320102" })).toEqual({});
    expect(errorsOf("ACCUSATION", { ...base, unitUnknown: true })).toEqual({});
    expect(errorsOf("APPEAL", base)).toEqual({});
    expect(errorsOf("ACCUSATION", { ...base, unitCode: "320102", unitUnknown: true })).toEqual({
      "accused.0.unitCode": "已从单位树选择所在单位，不能同时标明“所在单位不详”",
    });
  });

  test("an anonymous suggestion needs no petitioner", () => {
    expect(registrationErrors(letter({ isAnonymous: true, petitioners: [] }), TODAY)).toEqual({});
  });

  test("a joint letter needs two cosigners", () => {
    expect(registrationErrors(letter({ isJoint: true }), TODAY)).toEqual({
      petitioners: "联名信须登记至少两名联名人",
    });
    const two = [
      { ...emptyPetitioner(), name: "张三" },
      { ...emptyPetitioner("COSIGNER"), name: "王五" },
    ];
    expect(registrationErrors(letter({ isJoint: true, petitioners: two }), TODAY)).toEqual({});
  });

  test("a collective visit has at least five people and at most five representatives", () => {
    const representatives = (count: number) =>
      Array.from({ length: count }, (_, index) => ({
        ...emptyPetitioner("REPRESENTATIVE"),
        name: `代表${index + 1}`,
      }));
    const visit = (headcount: number, count: number) =>
      letter({ channel: "VISIT", isCollective: true, headcount, petitioners: representatives(count) });
    expect(registrationErrors(visit(30, 5), TODAY)).toEqual({});
    expect(registrationErrors(visit(30, 6), TODAY)).toEqual({
      petitioners: "集体访推选代表不得超过5人",
    });
    expect(registrationErrors(visit(4, 2), TODAY)).toEqual({
      headcount: "集体访人数应不少于5人",
    });
  });

  test("the collective and joint flags count only on their own channels", () => {
    expect(registrationErrors(letter({ channel: "CALL", isJoint: true }), TODAY)).toEqual({});
    expect(
      registrationErrors(letter({ channel: "LETTER", isCollective: true, headcount: 1 }), TODAY),
    ).toEqual({});
  });

  test("each petitioner's name, ID number and phone are checked under its own path", () => {
    const people = [
      { ...emptyPetitioner(), name: "张三", citizenId: "320102198001010017" },
      { ...emptyPetitioner("COSIGNER"), name: "", phone: "12345" },
    ];
    expect(registrationErrors(letter({ petitioners: people }), TODAY)).toEqual({
      "petitioners.0.citizenId": "公民身份号码校验位不正确，请核对号码",
      "petitioners.1.name": "请填写姓名",
      "petitioners.1.phone": "手机号码应为11位，以13至19开头",
    });
  });
});
