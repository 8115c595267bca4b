"""Attachments: type sniffed from the content, a size limit, random names, and
contents encrypted at rest (AES-256-GCM under the field-encryption secret).

Files written before encryption have no marker and are read as they are; every
file written now starts with ENCRYPTED_MARKER.
"""

from __future__ import annotations

import hashlib
import io
import secrets
import zipfile
from functools import cache
from pathlib import Path, PurePath

from django.conf import settings
from django.db import transaction

from core.errors import DomainError, permission_denied
from supervision.access import identity_visible
from supervision.errors import AttachmentErrorCode as Code
from supervision.models import Attachment, EventAction, LegalType
from supervision.rules.crypto import decrypt_bytes, derive_key, encrypt_bytes
from supervision.services.common import petition_change, petition_lock_for
from tenants.crossing import current_unit_schema
from tenants.models import User

ENCRYPTED_MARKER = b"ZGXF-ENC1\0"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
# Magic prefix -> (suffix, content type). The type is what the content is,
# whatever the name says, so a renamed executable is refused and a PDF named
# .jpg is stored and served as a PDF.
CONTENT_TYPES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", ".pdf", "application/pdf"),
    (b"\xff\xd8\xff", ".jpg", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", ".png", "image/png"),
    (
        b"PK\x03\x04",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".doc", "application/msword"),
)


@cache
def _file_key(secret: str) -> bytes:
    return derive_key(secret, "petition-attachment")


def _context(stored_name: str) -> str:
    # Binding the file to its stored name means a file copied over another
    # attachment's does not decrypt.
    return f"attachment:{stored_name}"


def unit_file_directory(schema_name: str) -> Path:
    """MEDIA_ROOT/<schema>/: each unit's files apart."""
    return Path(settings.MEDIA_ROOT) / schema_name


def attachment_directory() -> Path:
    """The request's unit's file directory."""
    return unit_file_directory(current_unit_schema())


def attachment_path(attachment: Attachment) -> Path:
    return attachment_directory() / attachment.stored_name


def _named(label: str, message: str) -> str:
    # A request carrying several files says which one was refused.
    return f"“{label}”：{message}" if label else message


def _not_allowed(code, field: str, label: str) -> DomainError:
    return DomainError(
        code.FILE_TYPE_NOT_ALLOWED,
        _named(label, "只能上传PDF、JPG、PNG、DOC、DOCX文件，文件类型按内容识别"),
        field=field,
    )


def _is_word_document(data: bytes) -> bool:
    # Every ZIP starts with PK: only a package holding a Word body is a DOCX.
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return {"[Content_Types].xml", "word/document.xml"} <= names


def staff_file_checked(
    *, chunks, code=Code, field: str = "file", label: str = ""
) -> tuple[bytes, str, str]:
    """The (data, suffix, content type) of one file staff upload: read in
    chunks and refused as soon as it passes the size limit, its type judged
    by the content; `code`'s FILE_TOO_LARGE / EMPTY_FILE /
    FILE_TYPE_NOT_ALLOWED on `field` otherwise (`label` names the file)."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > MAX_ATTACHMENT_BYTES:
            raise DomainError(
                code.FILE_TOO_LARGE,
                _named(label, f"文件不能超过{MAX_ATTACHMENT_BYTES // (1024 * 1024)}MB"),
                field=field,
            )
    if not buffer:
        raise DomainError(code.EMPTY_FILE, _named(label, "文件为空"), field=field)
    data = bytes(buffer)
    for magic, suffix, content_type in CONTENT_TYPES:
        if data.startswith(magic):
            if suffix == ".docx" and not _is_word_document(data):
                raise _not_allowed(code, field, label)
            return data, suffix, content_type
    raise _not_allowed(code, field, label)


@transaction.atomic
def attachment_add(*, actor: User, petition_id, name: str, chunks):
    """Store an uploaded file for the petition; nothing is kept if it is refused."""
    petition = petition_lock_for(petition_id, actor, Code.RECUSED)
    data, suffix, content_type = staff_file_checked(chunks=chunks)
    return attachment_store(
        petition=petition,
        actor=actor,
        name=name,
        data=data,
        suffix=suffix,
        content_type=content_type,
    )


def attachment_store(
    *, petition, actor: User | None, name: str, data: bytes, suffix: str, content_type
) -> Attachment:
    """Write checked `data` encrypted under a random name and record it; the
    file is removed again if recording fails. `actor` None: the petitioner's
    own file, sent with an online petition (网上信访)."""
    stored_name = sealed_file_write(
        directory=attachment_directory(), data=data, suffix=suffix
    )
    path = attachment_directory() / stored_name
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
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return attachment


# What the public may send with an online petition (网上信访): pictures and
# PDF only, fewer and smaller than staff uploads; the type is the content's.
ONLINE_CONTENT_TYPES = ("application/pdf", "image/jpeg", "image/png")
ONLINE_MAX_FILES = 5
ONLINE_MAX_FILE_BYTES = 5 * 1024 * 1024


def online_file_checked(*, name: str, chunks, field: str, code) -> tuple:
    """The (name, data, suffix, content type) of one file the public sends,
    or `code`'s FILE_TOO_LARGE / FILE_TYPE_NOT_ALLOWED / EMPTY_FILE on `field`.
    Read in chunks and refused as soon as it passes the limit."""
    label = PurePath(name or "").name[:200] or "附件"
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) > ONLINE_MAX_FILE_BYTES:
            raise DomainError(
                code.FILE_TOO_LARGE,
                f"“{label}”超过{ONLINE_MAX_FILE_BYTES // (1024 * 1024)}MB，"
                "请压缩后再上传",
                field=field,
            )
    if not buffer:
        raise DomainError(code.EMPTY_FILE, f"“{label}”是空文件", field=field)
    data = bytes(buffer)
    for magic, suffix, content_type in CONTENT_TYPES:
        if data.startswith(magic) and content_type in ONLINE_CONTENT_TYPES:
            return label, data, suffix, content_type
    raise DomainError(
        code.FILE_TYPE_NOT_ALLOWED,
        f"“{label}”不是JPG、PNG图片或PDF文件（按文件内容识别，与文件名无关）",
        field=field,
    )


def sealed_file_write(*, directory: Path, data: bytes, suffix: str) -> str:
    """Write checked `data` encrypted under a random name in `directory`;
    answers the name (every stored file, a case's or an order reply's)."""
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16) + suffix
    sealed = encrypt_bytes(
        data,
        key=_file_key(settings.FIELD_ENCRYPTION_SECRET),
        context=_context(stored_name),
    )
    (directory / stored_name).write_bytes(ENCRYPTED_MARKER + sealed)
    return stored_name


def sealed_file_read(*, directory: Path, stored_name: str) -> bytes:
    """The plaintext of a stored file, encrypted or written before encryption."""
    stored = (directory / stored_name).read_bytes()
    if not stored.startswith(ENCRYPTED_MARKER):
        return stored
    return decrypt_bytes(
        stored[len(ENCRYPTED_MARKER) :],
        key=_file_key(settings.FIELD_ENCRYPTION_SECRET),
        context=_context(stored_name),
    )


def attachment_content(attachment: Attachment) -> bytes:
    """The plaintext of a case's stored file."""
    return sealed_file_read(
        directory=attachment_directory(), stored_name=attachment.stored_name
    )


def attachment_download(*, actor: User, attachment: Attachment) -> bytes:
    """The one path by which staff get a file's contents (hook the audit here).

    A letter of an accusation names the person who wrote in, so it goes only
    to those who may see that case's identity; `attachment` comes from the
    selector, which has already scoped it to the actor."""
    petition = attachment.petition
    if petition.legal_type == LegalType.ACCUSATION and not identity_visible(
        actor, petition
    ):
        raise permission_denied("检举控告类信访件的附件仅限可查看信访人身份的人员下载")
    return attachment_content(attachment)
