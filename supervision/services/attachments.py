"""Attachments: a type whitelist checked on the content, a size limit, random names."""

from __future__ import annotations

import hashlib
import secrets
from pathlib import Path, PurePath

from django.conf import settings
from django.db import connection, transaction

from core.errors import DomainError
from supervision.errors import AttachmentErrorCode as Code
from supervision.models import Attachment, EventAction
from supervision.services.common import (
    ensure_not_recused,
    petition_change,
    petition_lock,
)
from tenants.models import User

MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Extension -> (content type, magic prefixes). The content must start with one
# of the prefixes, so a renamed executable is refused whatever its name says.
ALLOWED_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (b"PK\x03\x04",),
    ),
    ".doc": ("application/msword", (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",)),
}


def attachment_directory() -> Path:
    """MEDIA_ROOT/<schema>/: each unit's files apart."""
    return Path(settings.MEDIA_ROOT) / connection.schema_name


def attachment_path(attachment: Attachment) -> Path:
    return attachment_directory() / attachment.stored_name


def _checked_type(name: str, head: bytes) -> tuple[str, str]:
    suffix = PurePath(name).suffix.lower()
    allowed = ALLOWED_TYPES.get(suffix)
    if allowed is None or not head.startswith(allowed[1]):
        raise DomainError(
            Code.FILE_TYPE_NOT_ALLOWED,
            "只能上传PDF、JPG、PNG、DOC、DOCX文件，且文件内容须与类型一致",
            field="file",
        )
    return suffix, allowed[0]


@transaction.atomic
def attachment_add(*, actor: User, petition_id, name: str, chunks, size: int):
    """Store an uploaded file for the petition; nothing is kept if it is refused."""
    petition = petition_lock(petition_id)
    ensure_not_recused(petition, actor, Code.RECUSED)
    if size <= 0:
        raise DomainError(Code.EMPTY_FILE, "文件为空", field="file")
    if size > MAX_ATTACHMENT_BYTES:
        raise DomainError(
            Code.FILE_TOO_LARGE,
            f"文件不能超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB",
            field="file",
        )
    data = b"".join(chunks)
    suffix, content_type = _checked_type(name, data[:16])
    directory = attachment_directory()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + suffix
    path = directory / stored_name
    path.write_bytes(data)
    try:
        attachment = Attachment.objects.create(
            petition=petition,
            original_name=PurePath(name).name[:200],
            stored_name=stored_name,
            content_type=content_type,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            uploaded_by=actor,
        )
        petition_change(
            petition,
            actor=actor,
            action=EventAction.ATTACHMENT_ADDED,
            extra={"attachment": attachment.pk, "size": len(data)},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return attachment
