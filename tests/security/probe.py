"""Walking every route: the routes of the URL configuration (django.urls.get_resolver) with their methods
from the OpenAPI schema for the API, each filled with the ids of an in-scope and an out-of-scope record,
and one request per identity, side and method, each inside a savepoint that is rolled back."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dangvu.audit.models import AuditEntry
from dangvu.core.api import api
from tests.security.cast import ANONYMOUS

REFUSED = {401, 403, 404, 405}
WEB_METHODS = ("GET", "POST")
OWN_CLIENT = {"accounts:logout"}


def walk(patterns=None, prefix: str = "", namespace: str = ""):
    """(name, route) of every named URL pattern."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = namespace + (f"{p.namespace}:" if p.namespace else "")
            yield from walk(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            yield namespace + (p.name or ""), prefix + str(p.pattern)


def api_methods() -> dict[str, tuple[str, ...]]:
    """'/api/members/{code}' → ('GET',) from the OpenAPI schema."""
    schema = api.get_openapi_schema()
    return {path: tuple(m.upper() for m in ops) for path, ops in schema["paths"].items()}


def openapi_path(route: str) -> str:
    """'api/members/<code>' → '/api/members/{code}'."""
    import re

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)


@dataclass
class Outcome:
    route: str
    identity: str
    side: str
    method: str
    status: int
    body: str
    wrote: list  # the actions of the audit entries the request wrote (reads of confidential records aside)

    @property
    def refused(self) -> bool:
        if self.status in REFUSED:
            return True
        # The anonymous visitor is sent to the login page (`body` starts with the redirect's Location).
        return self.status == 302 and self.identity == ANONYMOUS and self.body.startswith("/accounts/login/")

    def __str__(self):
        return f"{self.method} {self.route} as {self.identity} ({self.side}): {self.status}"


def request(world, name: str, kwargs: dict, identity: str, side: str, method: str, is_api: bool,
            query: dict | None = None) -> Outcome:
    url = reverse(name, kwargs=kwargs)
    if query:
        url += "?" + urlencode(query)
    extra = {}
    if is_api and identity != ANONYMOUS:
        extra["HTTP_AUTHORIZATION"] = f"Bearer {world.tokens[identity]}"
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    with transaction.atomic():
        # Signing out ends the session: that probe gets a client of its own, dropped afterwards.
        client = world.fresh_client(identity) if name in OWN_CLIENT else world.clients[identity]
        call = getattr(client, method.lower())
        if method == "GET":
            response = call(url, **extra)
        elif is_api:
            response = call(url, data={}, content_type="application/json", **extra)
        else:
            response = call(url, data={}, **extra)
        wrote = [a for a in AuditEntry.objects.filter(seq__gt=last).values_list("action", flat=True)
                 if not a.endswith(".read")]
        transaction.set_rollback(True)
    body = response.get("Location", "") if response.status_code in (301, 302) else ""
    if not getattr(response, "streaming", False) and response.get("Content-Type", "").startswith(
            ("text/", "application/json")):
        body += response.content.decode("utf-8", "replace")
    return Outcome(name, identity, side, method, response.status_code, body, wrote)
