import type {
  LegalType,
  Origin,
  PetitionRegisterInput,
  PoliticalStatus,
  Topic,
  UnitLevel,
} from "@/gql/graphql";

import { channelFields, type RegistrationDraft } from "./validation";

function optional(value: string): string | null {
  return value.trim() ? value.trim() : null;
}

/** The mutation's input from the form; flags the channel has not are dropped. */
export function toRegisterInput(draft: RegistrationDraft): PetitionRegisterInput {
  const fields = channelFields(draft.channel);
  const isCollective = fields.collective && draft.isCollective;
  const isDirect = draft.origin === "DIRECT";
  return {
    channel: draft.channel,
    receivedOn: draft.receivedOn,
    legalType: draft.legalType as LegalType,
    topic: draft.topic as Topic,
    title: draft.title,
    content: draft.content,
    origin: draft.origin as Origin,
    originBody: isDirect ? null : draft.originBody,
    originReference: isDirect ? null : optional(draft.originReference),
    isAnonymous: draft.isAnonymous,
    isJoint: fields.joint && draft.isJoint,
    isCollective,
    // The server counts one person unless a collective visit says how many.
    headcount: isCollective ? draft.headcount : null,
    receptionDayId: fields.receptionDay ? optional(draft.receptionDayId) : null,
    petitioners: draft.isAnonymous
      ? []
      : draft.petitioners.map((person) => ({
          name: person.name,
          citizenId: optional(person.citizenId),
          phone: optional(person.phone),
          address: optional(person.address),
          role: person.role,
          politicalStatus: optional(person.politicalStatus) as PoliticalStatus | null,
        })),
    accused: draft.accused.map((person) => ({
      name: person.name,
      unitName: person.unitName,
      unitCode: person.unitUnknown ? null : optional(person.unitCode),
      unitUnknown: person.unitUnknown,
      post: optional(person.post),
      rank: optional(person.rank),
      managingLevel: person.managingLevel as UnitLevel,
      isMainLeader: person.isMainLeader,
    })),
  };
}
