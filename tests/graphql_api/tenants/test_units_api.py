"""Unit queries and mutations through GraphQL: scoping and authorization."""

import pytest

from tenants.models import AuditAction, AuditEntry, Unit

UNIT_CREATE = """
mutation($input: UnitCreateInput!) {
  unitCreate(input: $input) { unit { code path level parentCode } errors { code field message } }
}"""
NEW_TOWNSHIP = {
    "code": "320102005",
    "name": "玄武门街道党工委组织办",
    "level": "TOWNSHIP",
    "parentCode": "320102",
}


@pytest.mark.parametrize(
    ("actor", "expected_code"),
    [
        (None, "UNAUTHENTICATED"),
        (("township", "liaison"), "PERMISSION_DENIED"),
        (("county_a", "registrar"), "PERMISSION_DENIED"),
        (("county_b", "admin"), "NOT_FOUND"),  # sibling county
        (("other_city", "admin"), "NOT_FOUND"),
        (("county_a", "admin"), None),
        (("province", "admin"), None),
    ],
)
def test_unit_create_authorization(tree, gql, actor, expected_code):
    user = tree.user(*actor) if actor else None
    changes = AuditEntry.objects.exclude(action=AuditAction.PERMISSION_DENIED)
    before = (Unit.objects.count(), changes.count())
    data = gql(user).ok(UNIT_CREATE, {"input": NEW_TOWNSHIP})["unitCreate"]
    if expected_code is None:
        assert data == {
            "unit": {
                "code": "320102005",
                "path": "320000.320100.320102.320102005",
                "level": "TOWNSHIP",
                "parentCode": "320102",
            },
            "errors": [],
        }
    else:
        assert data["unit"] is None
        assert [e["code"] for e in data["errors"]] == [expected_code]
        assert (Unit.objects.count(), changes.count()) == before


def test_unit_create_rule_errors_are_chinese_with_codes(tree, gql):
    data = gql(tree.user("city", "admin")).ok(
        UNIT_CREATE,
        {"input": {**NEW_TOWNSHIP, "parentCode": "320100"}},
    )["unitCreate"]
    assert data["errors"] == [
        {
            "code": "INVALID_PARENT",
            "field": "parentCode",
            "message": "乡镇（街道）单位的上级必须是县级单位，而中共南京市委组织部是市级单位",
        }
    ]


def test_sibling_and_other_branches_are_invisible(tree, gql):
    client = gql(tree.user("county_b", "registrar"))
    data = client.ok(
        """{ units(limit: 100) { totalCount items { code } }
             sibling: unit(code: "320102") { code }
             own: unit(code: "320104") { code children { code } } }"""
    )
    assert [u["code"] for u in data["units"]["items"]] == ["320000", "320100", "320104"]
    assert data["units"]["totalCount"] == 3
    assert data["sibling"] is None
    assert data["own"] == {"code": "320104", "children": []}


def test_province_sees_its_whole_subtree_by_level(tree, gql):
    data = gql(tree.user("province", "supervisor")).ok(
        '{ units(under: "320100", level: COUNTY) { items { code name } } }'
    )
    assert [u["code"] for u in data["units"]["items"]] == ["320102", "320104"]


def test_unit_history_is_visible_to_its_administrators(tree, gql):
    admin = gql(tree.user("city", "admin"))
    renamed = admin.ok(
        'mutation { unitRename(code: "320104", name: "秦淮区委组织部（更名）") { unit { name } errors { code } } }'
    )["unitRename"]
    assert renamed == {"unit": {"name": "秦淮区委组织部（更名）"}, "errors": []}
    history = admin.ok(
        '{ unit(code: "320104") { history { action before after actorName } } }'
    )
    assert history["unit"]["history"][0] == {
        "action": "UNIT_RENAMED",
        "before": '{"name": "\\u4e2d\\u5171\\u5357\\u4eac\\u5e02\\u79e6\\u6dee\\u533a\\u59d4\\u7ec4\\u7ec7\\u90e8", "short_name": "\\u79e6\\u6dee\\u533a\\u59d4\\u7ec4\\u7ec7\\u90e8"}',
        "after": '{"name": "\\u79e6\\u6dee\\u533a\\u59d4\\u7ec4\\u7ec7\\u90e8\\uff08\\u66f4\\u540d\\uff09", "short_name": "\\u79e6\\u6dee\\u533a\\u59d4\\u7ec4\\u7ec7\\u90e8\\uff08\\u66f4\\u540d\\uff09"}',
        "actorName": "工作人员"
        + tree.user("city", "admin").full_name.removeprefix("工作人员"),
    }
    registrar = gql(tree.user("county_b", "registrar"))
    assert (
        registrar.ok('{ unit(code: "320104") { history { action } } }')["unit"][
            "history"
        ]
        == []
    )
