"""GraphQL documents shared by the reporting API tests."""

REQUIREMENT_CREATE = """
mutation($input: ReportRequirementInput!) {
  reportRequirementCreate(input: $input) {
    requirement { id kind title dueOn targetLevels issuerUnit { code } }
    errors { code message field }
  }
}"""

SUBMIT = """
mutation($requirementId: ID!, $sections: [ReportSectionInput!]!) {
  reportSubmit(requirementId: $requirementId, sections: $sections) {
    report {
      id status versionCount documentNumber unit { code } reviewerUnit { code }
    }
    errors { code message field }
  }
}"""

RETURN = """
mutation($reportId: ID!, $comment: String!) {
  reportReturn(reportId: $reportId, comment: $comment) {
    report { id status reviewComment }
    errors { code message field }
  }
}"""

ACCEPT = """
mutation($reportId: ID!) {
  reportAccept(reportId: $reportId, comment: "同意") {
    report { id status reviewComment }
    errors { code message field }
  }
}"""

REPORT = """
query($id: ID!) {
  report(id: $id) {
    id status versionCount
    versions {
      number
      sections { key label text }
      total { counts { key value } rates { key numerator denominator value } }
    }
    events { action versionNumber comment actorName }
  }
}"""

SECTIONS = [
    {"key": "BASIC_SITUATION", "text": "全年共受理来信来访3件，办结率100%。"},
    {"key": "NEXT_STEPS", "text": "进一步完善信访工作机制。"},
]


def counts(figures: dict) -> dict:
    return {item["key"]: item["value"] for item in figures["counts"]}


def rates(figures: dict) -> dict:
    return {item["key"]: item["value"] for item in figures["rates"]}
