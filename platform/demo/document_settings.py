"""Demo 公文设置: the 机关代字 and 签发人 of the demo units, as their offices
would enter them. Idempotent: a unit that has its settings keeps them."""

from __future__ import annotations

from tenants.models import Unit

# Region code → (机关代字, 签发人). The codes are the customary one-character
# abbreviations of the area (宁 for 南京, 锡 for 无锡, 澄 for 江阴 …), which is
# why they are entered, not derived from the unit's name.
DEMO_DOCUMENT_SETTINGS = {
    "320000": ("苏组", "周立新"),
    "320100": ("宁组", "陈宏伟"),
    "320200": ("锡组", "钱晓东"),
    "320300": ("徐组", "孙振华"),
    "320102": ("玄组", "李建平"),
    "320104": ("秦组", "王敏"),
    "320213": ("梁组", "赵文涛"),
    "320281": ("澄组", "吴国强"),
    "320302": ("鼓组", "郑海燕"),
    "320322": ("沛组", "冯志刚"),
    "320102002": ("梅组办", "刘芳"),
    "320102004": ("新街组办", "杨帆"),
    "320104001": ("夫组办", "黄磊"),
    "320104002": ("双塘组办", "许静"),
    "320213001": ("崇组办", "何勇"),
    "320213002": ("广益组办", "高峰"),
    "320281100": ("霞组办", "林涛"),
    "320281101": ("璜组办", "罗斌"),
    "320302001": ("丰财组办", "梁红"),
    "320302002": ("牌楼组办", "宋洁"),
    "320322101": ("龙固组办", "唐亮"),
    "320322102": ("杨屯组办", "韩雪"),
}


def seed_document_settings() -> str:
    """Give each demo unit without document settings its 机关代字 and 签发人."""
    updated = 0
    for code, (agency_code, signatory) in DEMO_DOCUMENT_SETTINGS.items():
        updated += Unit.objects.filter(code=code, agency_code="").update(
            agency_code=agency_code, signatory=signatory
        )
    return f"公文设置：{updated} 个单位" if updated else ""
