"""A query cost limit and a bound on mutations, as graphql-core validation rules.

Each field costs 1; a field returning a list multiplies the cost of what is
selected inside it by LIST_FACTOR (about the size of a page a client gets), so
nesting lists in lists grows the cost the way the work grows. Introspection
fields are free. A query over MAX_QUERY_COST is refused before it runs, with
the stable code QUERY_TOO_COMPLEX. A mutation's root field costs
MUTATION_COST more (it writes), an expensive one (password hashing) far more.

Aliases let one request run a mutation hundreds of times: MutationLimitRule
allows at most MAX_MUTATIONS_PER_REQUEST root fields in a mutation and at most
one expensive one (sign-in, token, password), so guessing passwords or burning
CPU takes one request per attempt, each of which meets the lock-outs.
"""

from __future__ import annotations

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLError,
    GraphQLList,
    GraphQLNonNull,
    InlineFragmentNode,
    OperationDefinitionNode,
    OperationType,
    ValidationRule,
    get_named_type,
)

MAX_QUERY_COST = 5000
LIST_FACTOR = 10
QUERY_TOO_COMPLEX = "QUERY_TOO_COMPLEX"

MAX_MUTATIONS_PER_REQUEST = 10
MUTATION_COST = 100
EXPENSIVE_MUTATION_COST = 1000
# Mutations that hash a password (or check one): one per request.
EXPENSIVE_MUTATIONS = frozenset(
    {"login", "tokenCreate", "userCreate", "userSetPassword"}
)
TOO_MANY_MUTATIONS = "TOO_MANY_MUTATIONS"
TOO_MANY_EXPENSIVE_MUTATIONS = "TOO_MANY_EXPENSIVE_MUTATIONS"


def _is_list(type_) -> bool:
    if isinstance(type_, GraphQLNonNull):
        type_ = type_.of_type
    return isinstance(type_, GraphQLList)


class QueryCostRule(ValidationRule):
    """Refuse operations whose estimated cost is over MAX_QUERY_COST."""

    max_cost = MAX_QUERY_COST

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        schema = self.context.schema
        root = {
            OperationType.QUERY: schema.query_type,
            OperationType.MUTATION: schema.mutation_type,
            OperationType.SUBSCRIPTION: schema.subscription_type,
        }[node.operation]
        cost = self._cost(node.selection_set, root, visited=frozenset())
        if node.operation == OperationType.MUTATION:
            cost += sum(
                EXPENSIVE_MUTATION_COST
                if name in EXPENSIVE_MUTATIONS
                else MUTATION_COST
                for name in root_field_names(self.context, node.selection_set)
            )
        if cost > self.max_cost:
            self.report_error(
                GraphQLError(
                    f"查询过于复杂（估算代价{cost}，上限{self.max_cost}），请拆分查询",
                    node,
                    extensions={"code": QUERY_TOO_COMPLEX, "cost": cost},
                )
            )

    def _cost(self, selection_set, parent_type, visited: frozenset) -> int:
        if selection_set is None or parent_type is None:
            return 0
        total = 0
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                total += self._field_cost(selection, parent_type, visited)
            elif isinstance(selection, InlineFragmentNode):
                type_ = parent_type
                if selection.type_condition is not None:
                    type_ = self.context.schema.get_type(
                        selection.type_condition.name.value
                    )
                total += self._cost(selection.selection_set, type_, visited)
            elif isinstance(selection, FragmentSpreadNode):
                name = selection.name.value
                fragment = self.context.get_fragment(name)
                if fragment is None or name in visited:
                    continue  # unknown or cyclic: other rules report it
                type_ = self.context.schema.get_type(fragment.type_condition.name.value)
                total += self._cost(fragment.selection_set, type_, visited | {name})
        return total

    def _field_cost(self, node: FieldNode, parent_type, visited: frozenset) -> int:
        name = node.name.value
        if name.startswith("__"):
            return 0
        fields = getattr(parent_type, "fields", None) or {}
        field = fields.get(name)
        if field is None:
            return 1  # unknown field: FieldsOnCorrectTypeRule reports it
        inner = self._cost(node.selection_set, get_named_type(field.type), visited)
        return 1 + (LIST_FACTOR if _is_list(field.type) else 1) * inner


def root_field_names(context, selection_set, visited: frozenset = frozenset()):
    """Names of the root fields an operation runs, aliases counted each time,
    through fragments spread at the root."""
    names: list[str] = []
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            if not selection.name.value.startswith("__"):
                names.append(selection.name.value)
        elif isinstance(selection, InlineFragmentNode):
            names += root_field_names(context, selection.selection_set, visited)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = context.get_fragment(name)
            if fragment is not None and name not in visited:
                names += root_field_names(
                    context, fragment.selection_set, visited | {name}
                )
    return names


class MutationLimitRule(ValidationRule):
    """Refuse a mutation operation with more than MAX_MUTATIONS_PER_REQUEST
    root fields, or more than one expensive one."""

    def enter_operation_definition(self, node: OperationDefinitionNode, *_args):
        if node.operation != OperationType.MUTATION:
            return
        names = root_field_names(self.context, node.selection_set)
        expensive = [name for name in names if name in EXPENSIVE_MUTATIONS]
        if len(expensive) > 1:
            self.report_error(
                GraphQLError(
                    "每次请求只能执行一个登录、签发令牌或设置密码的操作"
                    f"（本次{len(expensive)}个）",
                    node,
                    extensions={"code": TOO_MANY_EXPENSIVE_MUTATIONS},
                )
            )
        elif len(names) > MAX_MUTATIONS_PER_REQUEST:
            self.report_error(
                GraphQLError(
                    f"每次请求最多执行{MAX_MUTATIONS_PER_REQUEST}个修改操作"
                    f"（本次{len(names)}个），请分批提交",
                    node,
                    extensions={"code": TOO_MANY_MUTATIONS},
                )
            )
