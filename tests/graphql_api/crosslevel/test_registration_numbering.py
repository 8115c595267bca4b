"""A registration is numbered as its last step but one (the rollups are the
last): the number the counter gives is the one everywhere it was copied."""

from __future__ import annotations

from supervision.facts.models import CaseFact
from supervision.inbox.models import Notification
from supervision.models import Petition, PetitionEvent
from supervision.services.intake import PROVISIONAL_MARK
from tests.factories.crosslevel import petition_fact
from tests.factories.supervision import in_unit
from tests.graphql_api.crosslevel.flows import LETTER, person, scan
from tests.graphql_api.supervision.gql import REGISTER
from tests.graphql_api.supervision.test_lifecycle import register_input


def _register(gql, tree, content):
    return gql(tree.user("other_county", "registrar")).ok(
        REGISTER,
        {
            "input": {
                **register_input("SUGGESTION"),
                "content": content,
                "petitioners": [{"name": "张某某"}],
            }
        },
    )["petitionRegister"]["petition"]


def test_the_final_number_is_in_the_petition_fact_event_and_messages(tree, gql):
    first = petition_fact(tree, "county_b", content=LETTER, petitioners=person())
    scan(gql, tree, "county_b", first)
    # a plain registration, then one the repeat scan sends a message about
    plain = _register(gql, tree, "关于某村干部选任程序的问题反映，请予核查。")
    repeat = _register(gql, tree, "梁溪区委组织部：" + LETTER)
    year = register_input("SUGGESTION")["receivedOn"][:4]
    numbers = [f"320213-{year}-00001", f"320213-{year}-00002"]
    assert [plain["trackingNumber"], repeat["trackingNumber"]] == numbers
    with in_unit(tree.units["other_county"]):
        stored = {
            str(p.pk): p.tracking_number
            for p in Petition.objects.filter(pk__in=[plain["id"], repeat["id"]])
        }
        events = [
            e.after["tracking_number"]
            for e in PetitionEvent.objects.filter(
                petition_id__in=[plain["id"], repeat["id"]], action="registered"
            ).order_by("created_at")
        ]
    assert stored == {plain["id"]: numbers[0], repeat["id"]: numbers[1]}
    assert events == numbers
    assert [
        CaseFact.objects.get(petition_id=p["id"]).tracking_number
        for p in (plain, repeat)
    ] == numbers
    titles = list(
        Notification.objects.filter(
            subject_type="petition", subject_id=repeat["id"]
        ).values_list("title", flat=True)
    )
    assert titles and all(title.startswith(numbers[1] + "：") for title in titles)
    assert not Notification.objects.filter(title__contains=PROVISIONAL_MARK).exists()
    assert not CaseFact.objects.filter(
        tracking_number__contains=PROVISIONAL_MARK
    ).exists()
