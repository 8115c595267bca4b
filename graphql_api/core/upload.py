"""File uploads through GraphQL: the GraphQL multipart request spec
(https://github.com/jaydenseric/graphql-multipart-request-spec).

A multipart POST carries `operations` (the usual JSON body), `map` (which
file goes to which variable path) and the files; the files take the places
`map` names in the variables, where the `Upload` scalar hands them to the
resolver unread. Nothing else is accepted as an Upload, so a file can only
reach an argument declared `Upload`.
"""

from __future__ import annotations

import json

import graphene
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpResponse, HttpResponseBadRequest
from graphene_django.views import HttpError
from graphql import GraphQLError

# The largest multipart body accepted at all: five files of 5 MB and the
# operation (see supervision.services.attachments.ONLINE_*).
MAX_MULTIPART_BYTES = 26 * 1024 * 1024
MULTIPART_INVALID = "Multipart request is invalid."
MULTIPART_TOO_LARGE = "Multipart request is too large."


class Upload(graphene.Scalar):
    """A file sent in a multipart request (上传的文件), per the GraphQL
    multipart request spec; only in variables, never written in the query."""

    @staticmethod
    def serialize(value):
        raise GraphQLError("上传的文件不能作为返回值")

    @staticmethod
    def parse_literal(node, _variables=None):
        raise GraphQLError("文件只能通过 multipart 请求的变量上传")

    @staticmethod
    def parse_value(value):
        if isinstance(value, UploadedFile):
            return value
        raise GraphQLError("文件只能通过 multipart 请求的变量上传")


def _invalid() -> HttpError:
    return HttpError(HttpResponseBadRequest(MULTIPART_INVALID))


def _place(operations: dict, path: str, upload: UploadedFile) -> None:
    """Put `upload` at `path` (e.g. `variables.input.attachments.0`), where
    the client left null."""
    keys = path.split(".")
    if len(keys) < 2 or keys[0] != "variables":
        raise _invalid()
    target = operations
    for key in keys[:-1]:
        target = _step(target, key)
    last = keys[-1]
    if isinstance(target, list) and last.isdigit() and int(last) < len(target):
        if target[int(last)] is not None:
            raise _invalid()
        target[int(last)] = upload
    elif isinstance(target, dict) and last in target and target[last] is None:
        target[last] = upload
    else:
        raise _invalid()


def _step(target, key: str):
    if isinstance(target, dict) and isinstance(target.get(key), dict | list):
        return target[key]
    if isinstance(target, list) and key.isdigit() and int(key) < len(target):
        return target[int(key)]
    raise _invalid()


def multipart_operations(request) -> dict:
    """The operation of a multipart GraphQL request with its files in place."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_MULTIPART_BYTES:
        raise HttpError(HttpResponse(MULTIPART_TOO_LARGE, status=413))
    try:
        operations = json.loads(request.POST.get("operations", ""))
        mapping = json.loads(request.POST.get("map", "{}"))
    except ValueError:
        raise _invalid() from None
    if not isinstance(operations, dict) or not isinstance(mapping, dict):
        raise _invalid()
    for key, paths in mapping.items():
        upload = request.FILES.get(key)
        if upload is None or not isinstance(paths, list):
            raise _invalid()
        for path in paths:
            if not isinstance(path, str):
                raise _invalid()
            _place(operations, path, upload)
    return operations
