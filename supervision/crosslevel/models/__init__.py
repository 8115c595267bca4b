"""Cross-level flows between units, kept in the public schema.

A petition lives in one unit's schema; what connects units lives here and
refers to petitions by (unit, petition UUID), never by a foreign key into a
unit schema. No table here holds personal data: petitioners appear only as
keyed hashes (HMAC), accused cadres only as their unit, level and whether they
are the unit's main leader.

The models are split by flow (links and their reports, supervision orders,
repeats, the refusal log, final matters); every one is importable from here.
"""

from supervision.crosslevel.models.finality import (
    FinalMatter,
    FinalMatterKey,
)
from supervision.crosslevel.models.links import (
    LINK_TRANSITIONS,
    OPEN_LINK_STATES,
    REVIEW_LINK_KINDS,
    CaseLink,
    CaseLinkEvent,
    CaseSubject,
    CrossLevelAction,
    LinkKind,
    LinkState,
    ObjectionState,
    RemitObjection,
    ReportFinding,
    ReportState,
    ResultReport,
)
from supervision.crosslevel.models.orders import (
    ORDER_TRANSITIONS,
    OrderAction,
    OrderState,
    ReplyKind,
    SupervisionMethod,
    SupervisionOrder,
    SupervisionOrderEvent,
    SupervisionOrderReply,
    SupervisionOrderReplyFile,
)
from supervision.crosslevel.models.refusals import (
    RefusalKind,
    RefusalLog,
)
from supervision.crosslevel.models.repeats import (
    ContentBand,
    ContentSignature,
    MatchBasis,
    MatchKind,
    MatchState,
    PetitionerKey,
    RepeatMatch,
)

__all__ = [
    "LinkKind",
    "REVIEW_LINK_KINDS",
    "LinkState",
    "OPEN_LINK_STATES",
    "LINK_TRANSITIONS",
    "CaseLink",
    "CrossLevelAction",
    "CaseLinkEvent",
    "ReportState",
    "ReportFinding",
    "ResultReport",
    "ObjectionState",
    "RemitObjection",
    "CaseSubject",
    "SupervisionMethod",
    "OrderState",
    "ORDER_TRANSITIONS",
    "SupervisionOrder",
    "ReplyKind",
    "SupervisionOrderReply",
    "SupervisionOrderReplyFile",
    "OrderAction",
    "SupervisionOrderEvent",
    "PetitionerKey",
    "ContentSignature",
    "ContentBand",
    "MatchKind",
    "MatchBasis",
    "MatchState",
    "RepeatMatch",
    "RefusalKind",
    "RefusalLog",
    "FinalMatter",
    "FinalMatterKey",
]
