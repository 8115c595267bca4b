"""The GraphQL endpoint with depth and cost limits and stable error codes."""

from django.db import connection, transaction
from django.http import HttpResponseBadRequest, HttpResponseNotAllowed
from graphene.validation import depth_limit_validator
from graphene_django.constants import MUTATION_ERRORS_FLAG
from graphene_django.settings import graphene_settings
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    OperationType,
    execute,
    get_operation_ast,
    specified_rules,
    validate_schema,
)
from graphql.execution import ExecutionResult

from graphql_api.core import authentication, document_cache, production, upload
from graphql_api.core.complexity import MutationLimitRule, QueryCostRule
from graphql_api.core.document_cache import ParsedQuery
from graphql_api.core.lookup_limits import LookupCountRule
from graphql_api.core.validation_messages import is_chinese, translate
from graphql_api.supervision.types import IDENTITY_READS
from tenants.replica import REPLICA_ROOT_FIELDS, replica_configured, replica_reads
from tenants.services import audit

MAX_QUERY_DEPTH = 10
QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
UNAUTHENTICATED_STATUS = 401
_REFUSED_FLAG = "_graphql_sign_in_required"
# graphene-django's answers to malformed requests, in Chinese with a code.
HTTP_ERRORS = {
    "GraphQL only supports GET and POST requests.": (
        "METHOD_NOT_ALLOWED",
        "GraphQL 接口只接受 GET 和 POST 请求",
    ),
    "Must provide query string.": ("QUERY_MISSING", "请提供 GraphQL 查询语句（query）"),
    "POST body sent invalid JSON.": ("INVALID_JSON", "请求体不是有效的 JSON"),
    "Variables are invalid JSON.": ("INVALID_JSON", "变量（variables）不是有效的 JSON"),
    upload.MULTIPART_INVALID: (
        "INVALID_MULTIPART",
        "文件上传请求格式不正确（operations、map 与文件不对应）",
    ),
    upload.MULTIPART_TOO_LARGE: ("REQUEST_TOO_LARGE", "上传的文件总大小超过限制"),
}


class ApiGraphQLView(GraphQLView):
    # graphql-core uses the rules given *instead of* the standard ones, so the
    # standard rules (required arguments, known fields, types…) come first.
    validation_rules = (
        *specified_rules,
        depth_limit_validator(max_depth=MAX_QUERY_DEPTH),
        QueryCostRule,
        MutationLimitRule,
        LookupCountRule,
    )

    def dispatch(self, request, *args, **kwargs):
        try:
            return super().dispatch(request, *args, **kwargs)
        finally:
            # Unmasked identities shown in this request (see supervision.types).
            audit.identity_reads_record(
                actor=request.user, reads=request.__dict__.get(IDENTITY_READS, {})
            )

    def parse_body(self, request):
        """Multipart requests follow the GraphQL multipart request spec (files
        for `Upload` variables); everything else as graphene-django reads it."""
        if self.get_content_type(request) == "multipart/form-data":
            return upload.multipart_operations(request)
        return super().parse_body(request)

    def execute_graphql_request(
        self, request, data, query, variables, operation_name, show_graphiql=False
    ):
        """Refuse with 请先登录 before validating or running anything that needs
        a signed-in caller (see graphql_api/core/authentication.py). The text
        is parsed once for the whole request, from the cache when it was seen
        before (graphql_api/core/document_cache.py)."""
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponseBadRequest("Must provide query string."))
        try:
            parsed = document_cache.parsed_query(query)
        except Exception as error:
            return ExecutionResult(errors=[error])
        refusal = self._sign_in_refusal(request, parsed, operation_name)
        if refusal is not None:
            setattr(request, _REFUSED_FLAG, True)
            return refusal
        if self._reads_from_replica(parsed, operation_name):
            with replica_reads(request):
                return self._execute(
                    request, parsed, variables, operation_name, show_graphiql
                )
        return self._execute(request, parsed, variables, operation_name, show_graphiql)

    def _execute(self, request, parsed, variables, operation_name, show_graphiql):
        """graphene-django's GraphQLView.execute_graphql_request, with the
        document and its request-independent validation taken from
        graphql_api.core.document_cache; the rules of this request run each
        time (see there)."""
        schema = self.schema.graphql_schema
        schema_validation_errors = validate_schema(schema)
        if schema_validation_errors:
            return ExecutionResult(data=None, errors=schema_validation_errors)
        if parsed.syntax_error is not None:
            return ExecutionResult(errors=[parsed.syntax_error])
        document = parsed.document
        operation_ast = get_operation_ast(document, operation_name)
        if (
            request.method.lower() == "get"
            and operation_ast is not None
            and operation_ast.operation != OperationType.QUERY
        ):
            if show_graphiql:
                return None
            raise HttpError(
                HttpResponseNotAllowed(
                    ["POST"],
                    f"Can only perform a {operation_ast.operation.value} operation"
                    " from a POST request.",
                )
            )
        validation_errors = document_cache.validation_errors(
            schema,
            parsed,
            static_rules=self.validation_rules,
            request_rules=production.hiding_rules(request),
            max_errors=graphene_settings.MAX_VALIDATION_ERRORS,
        )
        if validation_errors:
            return ExecutionResult(data=None, errors=validation_errors)
        try:
            return self._run(
                request, document, operation_ast, variables, operation_name
            )
        except Exception as error:
            return ExecutionResult(errors=[error])

    def _run(self, request, document, operation_ast, variables, operation_name):
        """Execute the validated document (a mutation in one transaction when
        ATOMIC_MUTATIONS is on), as graphene-django does."""
        schema = self.schema.graphql_schema
        execute_options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
        }
        if self.execution_context_class:
            execute_options["execution_context_class"] = self.execution_context_class
        if (
            operation_ast is not None
            and operation_ast.operation == OperationType.MUTATION
            and (
                graphene_settings.ATOMIC_MUTATIONS is True
                or connection.settings_dict.get("ATOMIC_MUTATIONS", False) is True
            )
        ):
            with transaction.atomic():
                result = execute(schema, document, **execute_options)
                if getattr(request, MUTATION_ERRORS_FLAG, False) is True:
                    transaction.set_rollback(True)
            return result
        return execute(schema, document, **execute_options)

    @staticmethod
    def _reads_from_replica(parsed: ParsedQuery, operation_name) -> bool:
        """A query operation made of dashboard and list fields only may read
        from the replica (tenants.replica decides whether it does)."""
        if not replica_configured():
            return False
        document = parsed.document
        if document is None:
            return False
        operation = get_operation_ast(document, operation_name)
        return (
            operation is not None
            and operation.operation == OperationType.QUERY
            and authentication.operation_root_fields(document, operation)
            <= REPLICA_ROOT_FIELDS
        )

    @staticmethod
    def _sign_in_refusal(
        request, parsed: ParsedQuery, operation_name
    ) -> ExecutionResult | None:
        if request.user.is_authenticated:
            return None
        document = parsed.document
        if document is None:
            return None  # the normal path reports the syntax error
        operation = get_operation_ast(document, operation_name)
        if operation is None:
            return None  # the normal path reports the missing operation
        refused = authentication.requires_sign_in(
            auth_method=getattr(request, "auth_method", "session"),
            is_authenticated=False,
            operation_type=operation.operation,
            root_fields=authentication.operation_root_fields(document, operation),
        )
        if not refused:
            return None
        return ExecutionResult(
            data=None, errors=[authentication.unauthenticated_error()]
        )

    def get_response(self, request, data, show_graphiql=False):
        result, status_code = super().get_response(request, data, show_graphiql)
        if getattr(request, _REFUSED_FLAG, False):
            status_code = UNAUTHENTICATED_STATUS
        return result, status_code

    def format_error(self, error):
        """Every error carries `extensions.code`, so clients never parse messages;
        internal errors show only the request id; graphql-core's English reaches
        people in Chinese, the English is kept in `extensions.developerMessage`
        for developers."""
        if isinstance(error, HttpError):
            return self._http_error(error)
        if production.is_internal(error):
            request_id = getattr(self.request, "request_id", "-")
            return production.internal_error(error, request_id=request_id)
        if production.is_schema_hidden(self.request):
            error = production.without_suggestions(error)
        formatted = production.domain_error(error) or GraphQLView.format_error(error)
        # A copy: the error may be a cached validation error, shared by requests.
        extensions = dict(formatted.get("extensions") or {})
        formatted["extensions"] = extensions
        if "code" in extensions:
            return formatted
        message = formatted.get("message", "")
        if "exceeds maximum operation depth" in message:
            extensions["code"] = QUERY_TOO_DEEP
        elif formatted.get("path") is None:
            extensions["code"] = GRAPHQL_VALIDATION_FAILED
        else:
            extensions["code"] = production.INTERNAL_ERROR
            return formatted
        if not is_chinese(message):
            translation = translate(message)
            formatted["message"] = translation.message
            extensions["reason"] = translation.reason
            extensions["developerMessage"] = message
        return formatted

    @staticmethod
    def _http_error(error: HttpError) -> dict:
        """A request graphene-django refused before running it (wrong method,
        no query, bad JSON): its Chinese message and a code."""
        message = error.message
        if message.startswith("Can only perform a "):
            code, text = (
                "METHOD_NOT_ALLOWED",
                "变更操作（mutation）只能通过 POST 请求提交",
            )
        else:
            code, text = HTTP_ERRORS.get(message, ("BAD_REQUEST", "请求格式不正确"))
        return {
            "message": text,
            "extensions": {"code": code, "developerMessage": message},
        }
