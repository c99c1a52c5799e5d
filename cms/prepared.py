"""Small read queries of the public pages, written by the ORM once per process.

Django compiles a QuerySet's SQL anew each time it is evaluated. For the small queries an
uncached page makes (a course's organisation, places, target groups and languages; the
pages the home page links to) compiling and building model instances took twenty times
as long as the database took to answer (1.2 ms against 0.05 ms on SQLite for a course
page). A PreparedQuery lets the ORM build the SQL once per key (the reader's language,
the database) with stand-in values, remembers where each stand-in went among the
parameters, and afterwards runs that SQL with the real values and returns plain rows.

rows() is only for text and integer columns: the rows are what the database driver
returns, without Django's converters (SQLite would give dates as strings). instances()
builds model instances through Django's raw(), which converts every field.
"""

from collections.abc import Callable
from threading import Lock

from django.db import connections, router
from django.db.models import QuerySet

# Stand-ins are ordinary values (a large positive integer inside every integer field's
# range, a non-empty string), so that the SQL has the shape it has for real values: Django
# writes other SQL for None, and none at all for an integer out of a field's range.
_INT_STAND_IN = 2_147_000_000


class PreparedQuery:
    """`build(key, **stand_ins)` returns the values() QuerySet of `model`;
    `rows(key, **values)` runs it. `params` names the parameters and their type (int or
    str)."""

    def __init__(self, model, build: Callable[..., QuerySet], **params: type):
        for name, kind in params.items():
            if kind not in (int, str, list):
                raise TypeError(f"{name}: only int, str and list (of int) parameters")
        self.model = model
        self.build = build
        self.params = params
        self._compiled: dict = {}
        self._lock = Lock()

    def _stand_ins(self, lengths: dict) -> tuple[dict, dict]:
        """Stand-in values per parameter, and which (parameter, position in a list)
        each stand-in value stands for."""
        stand_ins, slots, counter = {}, {}, 0
        for name, kind in self.params.items():
            if kind is list:
                values = []
                for position in range(lengths[name]):
                    values.append(_INT_STAND_IN + counter)
                    slots[values[-1]] = (name, position)
                    counter += 1
                stand_ins[name] = values
            else:
                value = _INT_STAND_IN + counter if kind is int else f"stand-in-{counter}-7341926"
                stand_ins[name] = value
                slots[value] = (name, None)
                counter += 1
        return stand_ins, slots

    def _compile(self, key, alias: str, lengths: dict):
        stand_ins, stood_for = self._stand_ins(lengths)
        queryset = self.build(key, **stand_ins).using(alias)
        sql, params = queryset.query.sql_with_params()
        slots = tuple(
            stood_for.get(param) if type(param) in (int, str) else None for param in params
        )
        missing = set(stood_for.values()) - set(slots)
        if missing:
            raise ValueError(f"parameters not found in the SQL: {sorted(missing, key=str)}")
        return sql, tuple(params), slots

    def _bound(self, key, values: dict):
        if set(values) != set(self.params):
            raise TypeError(f"expected the parameters {sorted(self.params)}")
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        # A list's length is part of the SQL (IN (%s, %s, …)): one compilation per length.
        lengths = {name: len(values[name]) for name, kind in self.params.items() if kind is list}
        cache_key = (key, alias, connection.vendor, tuple(sorted(lengths.items())))
        compiled = self._compiled.get(cache_key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(cache_key) or self._compile(key, alias, lengths)
                self._compiled[cache_key] = compiled
        sql, params, slots = compiled
        bound = []
        for index, slot in enumerate(slots):
            if slot is None:
                bound.append(params[index])
            else:
                name, position = slot
                value = values[name] if position is None else values[name][position]
                bound.append(str(value) if self.params[name] is str else int(value))
        return alias, sql, bound

    def instances(self, key=(), **values) -> list:
        """The model instances, for a query of whole rows (not values()): Django's raw()
        maps the columns to fields by name and runs the fields' converters."""
        alias, sql, bound = self._bound(key, values)
        return list(self.model._default_manager.db_manager(alias).raw(sql, bound))

    def rows(self, key=(), **values) -> list[dict]:
        alias, sql, bound = self._bound(key, values)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            # By name: the ORM does not promise the columns in the order values() names
            # them (it differs between processes).
            columns = [column[0] for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
