"""The authorisation matrix: every route of the URL configuration (the API's methods from its OpenAPI
schema) × every identity (each role of accounts.roles held at W1, a plain member user, the anonymous
visitor) × a W1 record and a W2 record × read and write, against the table of tests/security/matrix.py.
No answer is a 5xx, and no answer to a reader of W1 names W2's member or shows W2's confidential text."""

from __future__ import annotations

import pytest

from tests.security import probe
from tests.security.cast import IDENTITIES, OUTSIDE_NAME, OUTSIDE_SECRET
from tests.security.kwargs import KWARGS, QUERY, fill, has_objects, query
from tests.security.matrix import ROUTES

ROUTES_FOUND = dict(probe.walk())
SCHEMA = probe.api_methods()


def methods_of(name: str) -> tuple[str, ...]:
    if name.startswith("api:"):
        return SCHEMA.get(probe.openapi_path(ROUTES_FOUND[name]), ("GET",))
    return probe.WEB_METHODS


def test_every_route_and_every_schema_operation_has_an_entry():
    missing = sorted(set(ROUTES_FOUND) - set(ROUTES))
    assert missing == [], "routes without an entry in tests/security/matrix.py"
    assert sorted(set(ROUTES) - set(ROUTES_FOUND)) == [], "entries of routes that no longer exist"
    api_paths = {probe.openapi_path(route) for name, route in ROUTES_FOUND.items() if name.startswith("api:")}
    assert sorted(set(SCHEMA) - api_paths) == []
    assert set(KWARGS) | set(QUERY) <= set(ROUTES_FOUND)


def _problems(world, name: str) -> tuple[list[str], int]:
    rule, problems, count = ROUTES[name], [], 0
    sides = ("in", "out") if has_objects(name) else ("in",)
    for method in methods_of(name):
        for side in sides:
            kwargs, params = fill(name, world.sides[side]), query(name, world.sides[side])
            for identity in IDENTITIES:
                o = probe.request(world, name, kwargs, identity, side, method, name.startswith("api:"),
                                  params)
                count += 1
                if o.status >= 500:
                    problems.append(f"{o}: server error")
                if OUTSIDE_NAME in o.body or OUTSIDE_SECRET in o.body:
                    problems.append(f"{o}: shows the out-of-scope member or finding")
                allowed = identity in (rule.read if method == "GET" else rule.writers) and side == "in"
                if allowed and o.refused:
                    problems.append(f"{o}: refused, expected allowed")
                elif not allowed and not o.refused and (method == "GET" or o.wrote):
                    problems.append(f"{o}: allowed, expected refused (wrote {o.wrote})")
    return problems, count


@pytest.mark.parametrize("name", sorted(ROUTES_FOUND))
def test_route(world, db, name):
    if name not in ROUTES:
        pytest.fail(f"{name} has no entry in tests/security/matrix.py")
    problems, _count = _problems(world, name)
    assert problems == []
