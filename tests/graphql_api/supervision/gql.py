"""GraphQL documents shared by the supervision API tests."""

PETITION_FIELDS = """
  id trackingNumber status stage legalType closureReturnCount isFinal dueClock dueOn
  extensionStatus satisfaction acceptedOn closedOn feedbackOn
  events { action stage actorName before after }
"""

REGISTER = f"""
mutation($input: PetitionRegisterInput!) {{
  petitionRegister(input: $input) {{
    petition {{ {PETITION_FIELDS} petitioners {{ name citizenId phone isIdentityMasked }} }}
    possibleDuplicates {{ petition {{ trackingNumber }} reason similarity }}
    errors {{ code field message }}
  }}
}}"""


def mutation(name: str, arguments: str, payload: str = PETITION_FIELDS) -> str:
    """`mutation($petitionId: ID!, ...) { name(petitionId: $petitionId, ...) }`."""
    declared = ", ".join(
        f"${part.split(':')[0].strip()}: {part.split(':')[1].strip()}"
        for part in arguments.split(",")
        if part.strip()
    )
    passed = ", ".join(
        f"{part.split(':')[0].strip()}: ${part.split(':')[0].strip()}"
        for part in arguments.split(",")
        if part.strip()
    )
    return (
        f"mutation({declared}) {{ {name}({passed}) {{ "
        f"petition {{ {payload} }} errors {{ code field message }} }} }}"
    )


ACCEPT = mutation("petitionAccept", "petitionId: ID!, decidedOn: Date")
DECLINE = mutation(
    "petitionDecline", "petitionId: ID!, ground: DeclineGround!, note: String"
)
REFER = mutation(
    "petitionRefer", "petitionId: ID!, target: ReferTarget!, referTo: String!"
)
ROUTE = mutation("petitionRoute", "petitionId: ID!, departmentId: ID!, handlerId: ID!")
INSTRUCT = mutation("petitionInstruct", "petitionId: ID!, content: String!")
ASSIGN_OWNER = mutation("petitionAssignOwner", "petitionId: ID!, leaderId: ID!")
RECUSE = mutation("petitionRecuse", "petitionId: ID!, userId: ID!, reason: String!")
RECORD = mutation(
    "handlingRecordAdd",
    "petitionId: ID!, kind: HandlingRecordKind!, occurredOn: Date!, content: String!",
)
CONCLUDE = mutation(
    "petitionConclude",
    "petitionId: ID!, summary: String!, finding: Finding, request: String, "
    "facts: String, reasons: String, legalBasis: String, decision: AppealDecision",
)
EXTENSION_REQUEST = mutation(
    "extensionRequest", "petitionId: ID!, days: Int!, reason: String!"
)
EXTENSION_APPROVE = mutation(
    "extensionApprove", "petitionId: ID!, petitionerToldOn: Date!"
)
EXTENSION_REJECT = mutation("extensionReject", "petitionId: ID!, reason: String!")
SUBMIT = mutation("closureSubmit", "petitionId: ID!")
APPROVE = mutation("closureApprove", "petitionId: ID!")
RETURN = mutation("closureReturn", "petitionId: ID!, reason: String!")
FEEDBACK = mutation(
    "feedbackRecord",
    "petitionId: ID!, givenOn: Date!, content: String!, petitionerOpinion: String",
)
RETURN_VISIT = mutation(
    "returnVisitRecord",
    "petitionId: ID!, visitedOn: Date!, satisfaction: Satisfaction!",
)
ARCHIVE = mutation("petitionArchive", "petitionId: ID!")
REVIEW = mutation("reviewRequest", "petitionId: ID!, requestedOn: Date!")
REVIEW_UP = f"""
mutation($petitionId: ID!, $requestedOn: Date!) {{
  reviewRequest(petitionId: $petitionId, requestedOn: $requestedOn) {{
    petition {{ {PETITION_FIELDS} }}
    reviewLink {{ kind targetUnit {{ code }} targetPetitionId }}
    errors {{ code field message }}
  }}
}}"""
REVIEW_DECIDE = mutation(
    "reviewDecide",
    "petitionId: ID!, decision: ReviewDecision!, request: String!, facts: String!, "
    "reasons: String!, legalBasis: String!",
)

CASE_VIEW = """
query($id: ID!, $asOf: Date) {
  petition(id: $id) {
    trackingNumber status stage
    clocks(asOf: $asOf) { code name start nominalEnd end warnOn explanation state
                          daysRemaining isUnitDeadline }
  }
}"""

CASE_VIEW_TIMELINE = f"""
query($id: ID!) {{ petition(id: $id) {{ {PETITION_FIELDS} }} }}
"""
