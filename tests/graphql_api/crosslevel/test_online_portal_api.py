"""The public portal's own API: the area picker (onlineUnits)."""

from __future__ import annotations

from tenants.models import Unit

UNITS = """
query($parent: String) {
  onlineUnits(parentCode: $parent) {
    code name shortName level levelLabel hasChildren
  }
}"""


def units(client, parent=None):
    return client.ok(UNITS, {"parent": parent})["onlineUnits"]


def test_the_public_walks_the_tree_from_province_to_township(tree, gql):
    public = gql()

    assert [(u["code"], u["levelLabel"], u["hasChildren"]) for u in units(public)] == [
        ("320000", "省级", True)
    ]
    assert [u["code"] for u in units(public, "320000")] == ["320100", "320200"]
    assert [(u["code"], u["hasChildren"]) for u in units(public, "320100")] == [
        ("320102", True),
        ("320104", False),
    ]
    assert units(public, "320102") == [
        {
            "code": "320102002",
            "name": "梅园新村街道党工委组织办",
            "shortName": "梅园新村街道",
            "level": "TOWNSHIP",
            "levelLabel": "乡镇（街道）",
            "hasChildren": False,
        }
    ]


def test_inactive_units_and_unknown_parents_give_nothing(tree, gql):
    public = gql()
    Unit.objects.filter(code="320104").update(is_active=False)

    assert [u["code"] for u in units(public, "320100")] == ["320102"]
    assert units(public, "320104") == []
    assert units(public, "999999") == []
