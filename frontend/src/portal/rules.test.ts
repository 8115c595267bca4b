import { describe, expect, it } from "vitest";

import { M } from "./messages";
import {
  answerActions,
  citizenIdIsValid,
  emptyForm,
  errorField,
  filesError,
  levelAdvice,
  progressSteps,
  reviewReasonError,
  submitInput,
  validate,
} from "./rules";

function filled() {
  return {
    ...emptyForm(),
    name: "钱学民",
    citizenId: "11010519491231002X",
    phone: "13951234567",
    legalType: "SUGGESTION" as const,
    topic: "CADRE_SELECTION" as const,
    title: "建议",
    content: "建议扩大民主推荐范围。",
  };
}

describe("portal form rules", () => {
  it("accepts a complete named suggestion", () => {
    expect(validate(filled())).toEqual({});
  });

  it("checks the citizen ID's check character", () => {
    expect(citizenIdIsValid("11010519491231002X")).toBe(true);
    expect(citizenIdIsValid("110105194912310021")).toBe(false);
    expect(validate({ ...filled(), citizenId: "110105194912310021" }).citizenId).toBe(M.badCitizenId);
  });

  it("enforces the server's length limits", () => {
    expect(validate({ ...filled(), title: "字".repeat(101) }).title).toBe(M.titleTooLong);
    expect(validate({ ...filled(), content: "字".repeat(5001) }).content).toBe(M.contentTooLong);
    expect(validate({ ...filled(), title: "  " }).title).toBe(M.needTitle);
  });

  it("allows anonymity only for accusations, which need the accused", () => {
    expect(validate({ ...filled(), isAnonymous: true, name: "" }).isAnonymous).toBe(
      M.anonymousOnlyAccusation,
    );
    const accusation = { ...filled(), isAnonymous: true, name: "", legalType: "ACCUSATION" as const };
    expect(validate(accusation)).toEqual({
      accusedName: M.needAccusedName,
      accusedUnitCode: M.needAccusedArea,
      accusedUnitName: M.needAccusedUnit,
    });
    expect(validate({ ...accusation, accusedName: "张某", accusedUnitUnknown: true })).toEqual({});
    // the unit is picked from the tree, and named
    expect(
      validate({ ...accusation, accusedName: "张某", accusedUnitCode: "320102002", accusedUnitName: "" }),
    ).toEqual({ accusedUnitName: M.needAccusedUnit });
  });

  it("sends nothing identifying when anonymous", () => {
    const input = submitInput({
      ...filled(),
      isAnonymous: true,
      legalType: "ACCUSATION",
      accusedName: "张某",
      accusedUnitName: "某街道",
      accusedUnitCode: "320102002",
    });
    expect([input.name, input.citizenId, input.phone]).toEqual([null, null, null]);
    expect(input.accused).toEqual([
      { name: "张某", unitName: "某街道", post: null, unitCode: "320102002", unitUnknown: false },
    ]);
  });
});

describe("progress states", () => {
  it("received only", () => {
    expect(progressSteps({ receivedOn: "2026-12-01" }).map((s) => s.step)).toEqual(["received"]);
  });
  it("accepted then concluded", () => {
    expect(
      progressSteps({
        receivedOn: "2026-12-01",
        decidedOn: "2026-12-02",
        acceptedOn: "2026-12-02",
        closedOn: "2026-12-20",
        decision: "ACCEPTED",
      }),
    ).toEqual([
      { step: "received", on: "2026-12-01" },
      { step: "accepted", on: "2026-12-02" },
      { step: "concluded", on: "2026-12-20" },
    ]);
  });
  it("declined with its date", () => {
    expect(
      progressSteps({ receivedOn: "2026-12-01", decidedOn: "2026-12-03", decision: "DECLINED" }),
    ).toEqual([
      { step: "received", on: "2026-12-01" },
      { step: "declined", on: "2026-12-03" },
    ]);
  });
});

describe("after the answer", () => {
  const base = { mayRate: false, mayRequestReview: false };
  it("nothing to do before the answer", () => {
    expect(answerActions(base)).toEqual({ rate: false, rated: null, review: false, reviewRequestedOn: null });
  });
  it("rate and ask for review while the window runs", () => {
    expect(answerActions({ mayRate: true, mayRequestReview: true })).toMatchObject({ rate: true, review: true });
  });
  it("shows the rating given and the request made, and offers neither again", () => {
    expect(
      answerActions({
        mayRate: false,
        satisfactionLabel: "满意",
        mayRequestReview: true,
        reviewRequestedOn: "2026-12-02",
      }),
    ).toEqual({ rate: false, rated: "满意", review: false, reviewRequestedOn: "2026-12-02" });
  });
  it("checks the review reason", () => {
    expect(reviewReasonError("  ")).toBe("请写明请求复查的理由");
    expect(reviewReasonError("字".repeat(2001))).toBe("理由不能超过2000个字");
    expect(reviewReasonError("认定事实不清")).toBeNull();
  });
});

describe("attachments", () => {
  const pdf = { name: "信.pdf", size: 2048, type: "application/pdf" };
  it("accepts up to five pictures and PDFs", () => {
    expect(filesError([])).toBeNull();
    expect(filesError([pdf, { name: "a.jpg", size: 10, type: "image/jpeg" }, { name: "b.png", size: 10, type: "image/png" }])).toBeNull();
  });
  it("refuses a sixth file, Word, an empty file and one over 5MB", () => {
    expect(filesError(Array(6).fill(pdf))).toBe("附件不能超过5个");
    expect(filesError([{ name: "a.docx", size: 10, type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" }])).toBe(
      "“a.docx”不是JPG、PNG图片或PDF文件",
    );
    expect(filesError([{ ...pdf, size: 0 }])).toBe("“信.pdf”是空文件");
    expect(filesError([{ ...pdf, size: 5 * 1024 * 1024 + 1 }])).toBe("“信.pdf”超过5MB，请压缩后再上传");
    expect(filesError([{ ...pdf, size: 5 * 1024 * 1024 }])).toBeNull();
  });
  it("puts the server's file errors next to the file field", () => {
    expect(errorField("attachments")).toBe("attachments");
    expect(errorField("attachments.2")).toBe("attachments");
    expect(errorField("accused.0.name")).toBe("accusedName");
    expect(errorField("accused.0.unitName")).toBe("accusedUnitName");
    expect(errorField("title")).toBe("title");
  });
});

describe("which level handles the matter", () => {
  const refer = { LITIGATION: "涉法涉诉事项，应向政法机关提出", DISCIPLINE: "违纪违法检举控告，应向纪检监察机关提出" };
  it("sends a matter of cadres to the level that manages them", () => {
    expect(levelAdvice("ORGANIZATION", "VILLAGE", refer)).toMatchObject({ handledHere: true, level: 3 });
    expect(levelAdvice("ORGANIZATION", "COUNTY", refer)).toMatchObject({ handledHere: true, level: 2 });
    expect(levelAdvice("ORGANIZATION", "CITY", refer)).toMatchObject({ handledHere: true, level: 1 });
    expect(levelAdvice("ORGANIZATION", "PROVINCE", refer)).toMatchObject({ handledHere: true, level: 0 });
  });
  it("uses the server's referral rule for what belongs elsewhere", () => {
    const advice = levelAdvice("DISCIPLINE", "PLACE", refer);
    expect(advice).toEqual({ handledHere: false, rule: refer.DISCIPLINE, text: M.referWhere.DISCIPLINE });
    expect(levelAdvice("LITIGATION", "PLACE", refer)).toMatchObject({ rule: refer.LITIGATION });
    // a rule the server did not give is not made up
    expect(levelAdvice("OTHER_BODY", "PLACE", refer)).toMatchObject({ rule: "" });
  });
});
