"""Units, users, departments and the audit trail, all in the public schema."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django_tenants.models import DomainMixin, TenantMixin

from tenants.roles import Permission, Role, permissions_for_roles


class UnitLevel(models.TextChoices):
    PROVINCE = "province", "省级"
    CITY = "city", "市级"
    COUNTY = "county", "县级"
    TOWNSHIP = "township", "乡镇（街道）"


# Depth of each level in the tree; a unit's parent is exactly one level up.
# Keyed by the level's value, which a fact's or a form's plain string is too.
LEVEL_DEPTH: dict[str, int] = {
    UnitLevel.PROVINCE: 0,
    UnitLevel.CITY: 1,
    UnitLevel.COUNTY: 2,
    UnitLevel.TOWNSHIP: 3,
}
PATH_SEPARATOR = "."


class Unit(TenantMixin):
    """An organization department (组织部) of one administrative area: a tenant."""

    code = models.CharField(
        "行政区划代码", max_length=9, unique=True, help_text="GB/T 2260，乡镇为9位"
    )
    name = models.CharField("名称", max_length=100)
    short_name = models.CharField("简称", max_length=40)
    level = models.CharField("层级", max_length=16, choices=UnitLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    # Codes from the root down, joined by dots: subtree and ancestor queries are
    # one indexed prefix or IN lookup, never recursion.
    path = models.CharField("路径", max_length=200, unique=True)
    depth = models.PositiveSmallIntegerField("深度")
    is_active = models.BooleanField("启用", default=True)
    # 机关代字 of the 发文字号 (e.g. 玄组 in 玄组信报〔2026〕1号): set by the unit,
    # never derived from its name, because the customary code is not a prefix of it.
    agency_code = models.CharField("机关代字", max_length=10, blank=True, default="")
    # 签发人 printed on documents sent upward (上行文).
    signatory = models.CharField("签发人", max_length=20, blank=True, default="")
    # Hash of the tenant migrations this schema was brought up to; schemas whose
    # hash matches the code's are skipped by `migrate_units`.
    schema_version = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    # Schemas are created by tenants.provisioning, never as a side effect of save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ("path",)
        indexes = [
            models.Index(
                fields=["path"],
                name="unit_path_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            models.Index(fields=["level"], name="unit_level_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(level=UnitLevel.PROVINCE) & Q(parent__isnull=True))
                | (~Q(level=UnitLevel.PROVINCE) & Q(parent__isnull=False)),
                name="unit_province_is_root",
            ),
            models.CheckConstraint(
                condition=(Q(level=UnitLevel.PROVINCE) & Q(depth=0))
                | (Q(level=UnitLevel.CITY) & Q(depth=1))
                | (Q(level=UnitLevel.COUNTY) & Q(depth=2))
                | (Q(level=UnitLevel.TOWNSHIP) & Q(depth=3)),
                name="unit_depth_matches_level",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def ancestor_codes(self) -> list[str]:
        """Codes of the ancestors, root first, without this unit."""
        return self.path.split(PATH_SEPARATOR)[:-1]

    def is_in_subtree_of(self, other: Unit) -> bool:
        return self.path == other.path or self.path.startswith(
            other.path + PATH_SEPARATOR
        )

    def is_below(self, other: Unit) -> bool:
        """A strict descendant of `other` (not `other` itself)."""
        return self.pk != other.pk and self.is_in_subtree_of(other)


class Domain(DomainMixin):
    """A host name that resolves to a unit (optional; the X-Unit header also does)."""

    class Meta:
        verbose_name = "域名"
        verbose_name_plural = "域名"


class DepartmentKind(models.TextChoices):
    OFFICE = "office", "办公室"
    CADRE_SUPERVISION = "cadre_supervision", "干部监督科"
    ORGANIZATION = "organization", "组织科"
    CADRE = "cadre", "干部科"
    RETIRED_CADRES = "retired_cadres", "老干部科"
    TALENT = "talent", "人才科"
    CIVIL_SERVICE = "civil_service", "公务员管理科"
    OTHER = "other", "其他"


class Department(models.Model):
    """A department (科室) inside a unit, the target of 归口办理."""

    unit = models.ForeignKey(
        Unit, verbose_name="单位", on_delete=models.PROTECT, related_name="departments"
    )
    name = models.CharField("名称", max_length=60)
    kind = models.CharField("类别", max_length=32, choices=DepartmentKind.choices)
    is_active = models.BooleanField("启用", default=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "科室"
        verbose_name_plural = "科室"
        ordering = ("unit_id", "id")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"], name="department_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A member of staff of one unit; the public files petitions without an account."""

    unit = models.ForeignKey(
        Unit,
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    department = models.ForeignKey(
        Department,
        verbose_name="所属科室",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    full_name = models.CharField("姓名", max_length=50, blank=True)
    roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices),
        verbose_name="角色",
        default=list,
        blank=True,
    )

    objects = UserManager()

    class Meta:
        verbose_name = "用户"
        verbose_name_plural = "用户"

    def __str__(self) -> str:
        return self.full_name or self.username

    def has_role(self, role: str) -> bool:
        return role in self.roles

    def granted_permissions(self) -> frozenset[str]:
        if not self.is_active or self.unit_id is None:
            return frozenset()
        return permissions_for_roles(self.roles)

    def has_unit_permission(self, permission: Permission | str) -> bool:
        return permission in self.granted_permissions()


class ApiToken(models.Model):
    """A bearer token for API clients; only its SHA-256 digest is stored."""

    user = models.ForeignKey(
        User, verbose_name="用户", on_delete=models.PROTECT, related_name="api_tokens"
    )
    name = models.CharField("用途", max_length=60)
    key_digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("前缀", max_length=8)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    expires_at = models.DateTimeField("过期时间")
    last_used_at = models.DateTimeField("最近使用", null=True, blank=True)
    revoked_at = models.DateTimeField("吊销时间", null=True, blank=True)

    class Meta:
        verbose_name = "API令牌"
        verbose_name_plural = "API令牌"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class AuditAction(models.TextChoices):
    UNIT_CREATED = "unit.created", "新建单位"
    UNIT_RENAMED = "unit.renamed", "单位更名"
    UNIT_DEACTIVATED = "unit.deactivated", "停用单位"
    UNIT_REACTIVATED = "unit.reactivated", "启用单位"
    UNIT_DOCUMENT_SETTINGS_SET = "unit.document_settings_set", "修改公文设置"
    DEPARTMENT_CREATED = "department.created", "新建科室"
    USER_CREATED = "user.created", "新建用户"
    USER_UPDATED = "user.updated", "修改用户"
    USER_PASSWORD_SET = "user.password_set", "重置密码"
    LOGIN_FAILED = "auth.login_failed", "登录失败"
    LOGIN_SUCCEEDED = "auth.login_succeeded", "登录成功"
    TOKEN_CREATED = "auth.token_created", "签发令牌"
    TOKEN_REVOKED = "auth.token_revoked", "吊销令牌"
    PERMISSION_DENIED = "auth.permission_denied", "拒绝访问"
    ROLES_CHANGED = "user.roles_changed", "角色变更"
    ROLE_GRANT_REQUESTED = "user.role_grant_requested", "申请授予身份查看角色"
    ROLE_GRANT_APPROVED = "user.role_grant_approved", "批准授予身份查看角色"
    IDENTITY_REVEALED = "identity.revealed", "查看未脱敏身份信息"
    ATTACHMENT_DOWNLOADED = "attachment.downloaded", "下载附件"
    DATA_EXPORTED = "data.exported", "导出数据"


class AuditEntry(models.Model):
    """An append-only record (审计记录): who did or read what, when, from where.

    A database trigger (migration 0002) refuses UPDATE, DELETE and TRUNCATE of these rows
    whatever role the application connects as; nothing is ever pruned by count,
    so a flood of failed logins cannot push other entries out of view.
    """

    action = models.CharField("操作", max_length=40, choices=AuditAction.choices)
    actor = models.ForeignKey(
        User,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name="单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    target = models.CharField("对象", max_length=100, blank=True)
    before = models.JSONField("变更前", default=dict, blank=True)
    after = models.JSONField("变更后", default=dict, blank=True)
    # What was read or refused (field, operation, petition id) — never the
    # plaintext identity itself.
    details = models.JSONField("详情", default=dict, blank=True)
    client_address = models.GenericIPAddressField("来源地址", null=True, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "审计记录"
        verbose_name_plural = "审计记录"
        ordering = ("-created_at", "-id")
        indexes = [
            models.Index(
                fields=["created_at", "action", "actor"],
                name="audit_time_kind_actor_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.target}"


class RoleGrantStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已批准"


class RoleGrantRequest(models.Model):
    """A unit administrator's request to grant roles that see identities in its
    own unit; it takes effect only when a leader of that unit approves it."""

    user = models.ForeignKey(
        User,
        verbose_name="用户",
        on_delete=models.PROTECT,
        related_name="role_grant_requests",
    )
    roles = ArrayField(
        models.CharField(max_length=32, choices=Role.choices), verbose_name="角色"
    )
    status = models.CharField(
        "状态",
        max_length=16,
        choices=RoleGrantStatus.choices,
        default=RoleGrantStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        User, verbose_name="申请人", on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    approved_by = models.ForeignKey(
        User,
        verbose_name="批准人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField("批准时间", null=True, blank=True)

    class Meta:
        verbose_name = "授权申请"
        verbose_name_plural = "授权申请"
        ordering = ("-requested_at", "-id")

    def __str__(self) -> str:
        return f"{self.user} {'、'.join(self.roles)}"
