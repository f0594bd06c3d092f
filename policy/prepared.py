"""Querysets compiled once per process and run again with fresh parameters.

Django builds and compiles a queryset to SQL on every evaluation. For the
queries behind the pages every employee opens (the richtlijnen in force with
the employee's signatures: three correlated subqueries) that compilation costs
about twenty times what the database needs to answer. A `PreparedQuery`
compiles its queryset once, with recognisable placeholder values, and later
runs the same SQL through `Model.objects.raw()` with the real values put in
the placeholders' places, and returns a list of model instances. The queryset
stays the one definition of the query.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from typing import Any

from django.db import connections
from django.db.models import QuerySet

# Values no real query uses, so their positions among the compiled
# parameters identify the placeholders.
PLACEHOLDERS: dict[str, Any] = {
    "user_id": -7_000_001,
    "today": datetime.date(1111, 11, 11),
    "slug": "prepared-query-slug-placeholder",
    "department_id": -7_000_002,
}


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet], using: str = "default"):
        self.build = build
        self.using = using
        self._compiled: tuple | None = None
        self._lock = threading.Lock()

    def _compile(self, names: tuple[str, ...]):
        queryset = self.build(**{name: PLACEHOLDERS[name] for name in names})
        sql, params = queryset.query.get_compiler(self.using).as_sql()
        by_value = {}
        for name in names:
            value = PLACEHOLDERS[name]
            by_value[value] = name
            # SQLite receives dates as text, PostgreSQL as date objects.
            by_value[str(value)] = name
        slots = [(by_value.get(param), param) for param in params]
        # raw() converts the model's own columns; annotations (a subquery's
        # datetime on SQLite, say) need the converters the ORM would apply.
        connection = connections[self.using]
        converters = []
        for name, expression in queryset.query.annotations.items():
            funcs = connection.ops.get_db_converters(
                expression
            ) + expression.get_db_converters(connection)
            if funcs:
                converters.append((name, expression, funcs))
        return names, queryset.model, sql, slots, converters

    def __call__(self, **values: Any) -> list:
        compiled = self._compiled
        if compiled is None:
            with self._lock:
                compiled = self._compiled = self._compile(tuple(sorted(values)))
        names, model, sql, slots, converters = compiled
        if names != tuple(sorted(values)):
            raise TypeError(f"expected the values {names}, got {sorted(values)}")
        params = [
            param if name is None else _adapt(values[name], param)
            for name, param in slots
        ]
        rows = list(model.objects.db_manager(self.using).raw(sql, params))
        connection = connections[self.using]
        for row in rows:
            for name, expression, funcs in converters:
                value = getattr(row, name)
                for func in funcs:
                    value = func(value, expression, connection)
                setattr(row, name, value)
        return rows


def _adapt(value: Any, placeholder: Any) -> Any:
    if isinstance(placeholder, str) and not isinstance(value, str):
        return str(value)
    return value
