import { expect, test } from "vitest";

import { toRegisterInput } from "./registerInput";
import { emptyAccused, emptyPetitioner, emptyRegistration, type RegistrationDraft } from "./validation";

test("a call drops the joint and collective flags its channel has not", () => {
  const draft = {
    ...emptyRegistration("2026-12-01", "CALL"),
    legalType: "SUGGESTION" as const,
    topic: "TALENT",
    title: "建议",
    content: "建议完善人才政策",
    isJoint: true,
    isCollective: true,
    headcount: 8,
    receptionDayId: "c0ffee00-0000-0000-0000-000000000001",
    petitioners: [{ ...emptyPetitioner(), name: " 张三 ", phone: "13812345678" }],
  };

  const input = toRegisterInput(draft);

  expect(input.isJoint).toBe(false);
  expect(input.isCollective).toBe(false);
  expect(input.headcount).toBe(null);
  expect(input.receptionDayId).toBe(null);
  expect(input.petitioners).toEqual([
    {
      name: " 张三 ",
      citizenId: null,
      phone: "13812345678",
      address: null,
      role: "PRINCIPAL",
      politicalStatus: null,
    },
  ]);
});

test("an anonymous collective visit sends its headcount and no petitioner", () => {
  const draft = {
    ...emptyRegistration("2026-12-01", "VISIT"),
    isAnonymous: true,
    isCollective: true,
    headcount: 12,
    petitioners: [{ ...emptyPetitioner("REPRESENTATIVE"), name: "代表" }],
    accused: [{ ...emptyAccused(), name: "李四", unitName: "某镇", managingLevel: "COUNTY" }],
  };

  const input = toRegisterInput(draft);

  expect(input.isCollective).toBe(true);
  expect(input.headcount).toBe(12);
  expect(input.petitioners).toEqual([]);
  expect(input.accused).toEqual([
    {
      name: "李四",
      unitName: "某镇",
      unitCode: null,
      unitUnknown: false,
      post: null,
      rank: null,
      managingLevel: "COUNTY",
      isMainLeader: false,
    },
  ]);
  expect(input.originBody).toBe(null);
});

test("an accused whose unit is unknown is sent without a unit code", () => {
  const draft: RegistrationDraft = {
    ...emptyRegistration("2026-12-01", "LETTER"),
    legalType: "ACCUSATION",
    accused: [
      { ...emptyAccused(), name: "李四", unitName: "某镇", unitCode: "320102", unitUnknown: true, managingLevel: "COUNTY" },
    ],
  };

  const [accused] = toRegisterInput(draft).accused ?? [];

  expect([accused?.unitCode, accused?.unitUnknown]).toEqual([null, true]);
});
