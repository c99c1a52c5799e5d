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
builds model instances as Django's raw() does, with every field's converters.
"""

import datetime
from collections.abc import Callable
from threading import Lock

from django.db import connections, router
from django.db.models import QuerySet
from django.db.models.sql import Query

# Stand-ins are ordinary values (a large positive integer inside every integer field's
# range, a non-empty string), so that the SQL has the shape it has for real values: Django
# writes other SQL for None, and none at all for an integer out of a field's range.
_INT_STAND_IN = 2_147_000_000
MAX_COMPILED = 256  # per query; past it, the compiled SQL starts over
_DATE_STAND_IN = datetime.date(2199, 1, 1)


class PreparedQuery:
    """`build(key, **stand_ins)` returns a QuerySet of `model`; `rows(key, **values)`
    (for a values() QuerySet) or `instances(key, **values)` runs it. `params` names the
    parameters and their type: int, str, datetime.date, or list (of ints, for `__in`)."""

    def __init__(self, model, build: Callable[..., QuerySet], **params: type):
        for name, kind in params.items():
            if kind not in (int, str, list, datetime.date):
                raise TypeError(f"{name}: only int, str, date and list (of int) parameters")
        self.model = model
        self.build = build
        self.params = params
        self._compiled: dict = {}
        self._plans: dict = {}
        self._lock = Lock()

    def _stand_ins(self, lengths: dict) -> tuple[dict, dict]:
        """Stand-in values per parameter, and which (parameter, position in a list, form)
        each stand-in value stands for. A date may reach the SQL parameters as a date or
        as its ISO text (SQLite): both forms are recognised, and bound alike."""
        stand_ins, stood_for, counter = {}, {}, 0
        for name, kind in self.params.items():
            if kind is list:
                values = []
                for position in range(lengths[name]):
                    values.append(_INT_STAND_IN + counter)
                    stood_for[values[-1]] = (name, position, "value")
                    counter += 1
                stand_ins[name] = values
                continue
            if kind is int:
                value = _INT_STAND_IN + counter
            elif kind is str:
                value = f"stand-in-{counter}-7341926"
            else:
                value = _DATE_STAND_IN + datetime.timedelta(days=counter)
                stood_for[value.isoformat()] = (name, None, "iso")
            stand_ins[name] = value
            stood_for[value] = (name, None, "value")
            counter += 1
        return stand_ins, stood_for

    def _compile(self, key, alias: str, lengths: dict):
        stand_ins, stood_for = self._stand_ins(lengths)
        queryset = self.build(key, **stand_ins).using(alias)
        sql, params = queryset.query.sql_with_params()
        slots = tuple(_slot(stood_for, param) for param in params)
        missing = {slot[0] for slot in stood_for.values()} - {slot[0] for slot in slots if slot}
        if missing:
            raise ValueError(f"parameters not found in the SQL: {sorted(missing)}")
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
                if len(self._compiled) >= MAX_COMPILED:
                    self._compiled.clear()  # keys a reader chooses (a page number) stay bounded
                    self._plans.clear()
                self._compiled[cache_key] = compiled
        sql, params, slots = compiled
        bound = []
        for index, slot in enumerate(slots):
            if slot is None:
                bound.append(params[index])
                continue
            name, position, form = slot
            value = values[name] if position is None else values[name][position]
            kind = self.params[name]
            if kind is datetime.date:
                bound.append(value.isoformat() if form == "iso" else value)
            elif kind is str:
                bound.append(str(value))
            else:
                # In the type the backend gave the stand-in (psycopg's Int4 on PostgreSQL).
                bound.append(type(params[index])(int(value)))
        return alias, sql, bound

    def instances(self, key=(), **values) -> list:
        """The model instances, for a query of whole rows (not values()), built as
        Django's raw() builds them (columns matched to fields by name, the fields'
        converters run, other columns set as attributes); how is worked out once per
        SQL and connection instead of once per run."""
        alias, sql, bound = self._bound(key, values)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            columns = tuple(column[0] for column in cursor.description)
            rows = cursor.fetchall()
        plan_key = (sql, columns, alias, connection.vendor)
        plan = self._plans.get(plan_key)
        if plan is None:
            plan = self._plans[plan_key] = self._plan(columns, connection, alias)
        converters, names, positions, annotations = plan
        found = []
        for row in rows:
            row = list(row)
            # As SQLCompiler.apply_converters, with this thread's connection.
            for position, (functions, expression) in converters:
                value = row[position]
                for function in functions:
                    value = function(value, expression, connection)
                row[position] = value
            instance = self.model.from_db(alias, names, [row[position] for position in positions])
            for column, position in annotations:
                setattr(instance, column, row[position])
            found.append(instance)
        return found

    def _plan(self, columns: tuple, connection, alias: str):
        """What RawModelIterable works out for every query (django.db.models.query)."""
        model = self.model
        convert = connection.introspection.identifier_converter
        by_column = {convert(field.column): field for field in model._meta.concrete_fields}
        init_fields = [field for field in model._meta.fields if convert(field.column) in columns]
        if model._meta.pk not in init_fields:
            raise ValueError("the query must read the primary key")
        names = [field.attname for field in init_fields]
        positions = [columns.index(convert(field.column)) for field in init_fields]
        annotations = [
            (column, position) for position, column in enumerate(columns) if column not in by_column
        ]
        compiler = connection.ops.compiler("SQLCompiler")(Query(model), connection, alias)
        fields = [by_column.get(column) for column in columns]
        converters = compiler.get_converters(
            [field.get_col(field.model._meta.db_table) if field else None for field in fields]
        )
        # The backend's converters are methods of the connection they were asked of; they
        # read only settings (time zone), so one plan serves every thread's connection.
        return list(converters.items()), names, positions, annotations

    def rows(self, key=(), **values) -> list[dict]:
        alias, sql, bound = self._bound(key, values)
        connection = connections[alias]
        with connection.cursor() as cursor:
            cursor.execute(sql, bound)
            # By name: the ORM does not promise the columns in the order values() names
            # them (it differs between processes).
            columns = [column[0] for column in cursor.description]
            return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _slot(stood_for: dict, param):
    """Which stand-in a compiled parameter is, if any. Backends may wrap integers in
    their own int subclasses (psycopg's Int4): those count as the integer they hold."""
    if isinstance(param, bool) or not isinstance(param, (int, str, datetime.date)):
        return None
    if isinstance(param, int):
        param = int(param)
    elif isinstance(param, str):
        param = str(param)
    return stood_for.get(param)
