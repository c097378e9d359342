"""The REST API object (django-ninja), mounted at /api/ by dangvu/urls.py.

Authentication is by bearer token only (`Authorization: Bearer <token>`, accounts.ApiToken): session
cookies are not accepted, so no endpoint depends on CSRF. Errors have one shape across the API:
400 `{"errors": [{"field", "message_vi", "message_en", "rule"}, ...]}`, 401/403/404 `{"detail": ...}`.

An app adds its endpoints with one line at the end of this module:
`api.add_router("/members", "dangvu.members.api.router", tags=["members"])` (paths without a trailing
slash: `/api/members`, `/api/members/{code}`), then refreshes tests/api/openapi.json.
"""

from __future__ import annotations

import datetime as dt

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, ValidationError
from ninja.security import HttpBearer

from dangvu.accounts import selectors as access
from dangvu.accounts.models import ApiToken
from dangvu.core.errors import Forbidden, InvalidInput, NotFound, Problem, bilingual

TOKEN_TOUCH_INTERVAL = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    """Looks the token up by its SHA-256; revoked tokens and inactive users are refused."""

    def authenticate(self, request, token):
        if not token:
            return None
        found = access.active_token(token)
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at >= TOKEN_TOUCH_INTERVAL:
            # Bookkeeping, not a change of record: no audit entry; at most one write a minute per token.
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        return found.user


api = NinjaAPI(
    title="dangvu",
    version="1",
    description="Đảng vụ — REST API. Authorization: Bearer <token>.",
    urls_namespace="api",
    auth=BearerToken(),
    # Swagger UI from ninja's own static files ("ninja" is in INSTALLED_APPS): nothing from a CDN, and no
    # call to the online validator.
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
)


# --- errors -------------------------------------------------------------------------------------------

# Pydantic error types that a client meets in practice, with our own bilingual messages.
_VALIDATION_MESSAGES = {
    "missing": _("This field is required."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "bool_parsing": _("Enter true or false."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": _("Enter a date and time in ISO 8601 format."),
    "datetime_from_date_parsing": _("Enter a date and time in ISO 8601 format."),
    "greater_than_equal": _("The value is too small."),
    "greater_than": _("The value is too small."),
    "less_than_equal": _("The value is too large."),
    "less_than": _("The value is too large."),
    "string_too_long": _("The text is too long."),
    "string_too_short": _("The text is too short."),
    "enum": _("The value is not one of the allowed choices."),
    "literal_error": _("The value is not one of the allowed choices."),
    "json_invalid": _("The request body is not valid JSON."),
}
_INVALID_VALUE = _("The value is not valid.")


def _validation_problem(error: dict) -> dict:
    loc = [str(part) for part in error.get("loc", ())]
    kind = error.get("type", "")
    problem = Problem(".".join(loc), _VALIDATION_MESSAGES.get(kind, _INVALID_VALUE), kind).as_dict()
    if kind not in _VALIDATION_MESSAGES and error.get("msg"):
        problem["message_en"] = error["msg"]  # pydantic's own (English) wording is more precise
    return problem


@api.exception_handler(InvalidInput)
def _invalid_input(request, exc: InvalidInput):
    return api.create_response(request, {"errors": [p.as_dict() for p in exc.problems]}, status=400)


@api.exception_handler(ValidationError)
def _invalid_request(request, exc: ValidationError):
    return api.create_response(request, {"errors": [_validation_problem(e) for e in exc.errors]}, status=400)


@api.exception_handler(NotFound)
def _not_found(request, exc: NotFound):
    return api.create_response(request, {"detail": str(exc)}, status=404)


@api.exception_handler(Http404)
def _http_404(request, exc):
    return api.create_response(request, {"detail": bilingual(_("Not found."))}, status=404)


@api.exception_handler(Forbidden)
def _forbidden(request, exc: Forbidden):
    return api.create_response(request, {"detail": str(exc)}, status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = api.create_response(
        request,
        {"detail": bilingual(_("Authentication required: send the header Authorization: Bearer <token>."))},
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="dangvu"'
    return response


# --- the user himself ---------------------------------------------------------------------------------


class RoleOut(Schema):
    organization: str
    organization_name: str
    role: str
    valid_from: dt.date
    valid_to: dt.date | None


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


@api.get("/me", response=MeOut, tags=["accounts"], summary="The authenticated user and the roles held today")
def me(request):
    user = request.auth
    roles = [
        {
            "organization": ra.organization.code,
            "organization_name": ra.organization.name,
            "role": ra.role,
            "valid_from": ra.valid_from,
            "valid_to": ra.valid_to,
        }
        for ra in access.roles_held(user).order_by("organization__code", "role")
    ]
    return {"username": user.get_username(), "full_name": user.full_name, "roles": roles}


# --- the apps' routers --------------------------------------------------------------------------------

api.add_router("/organizations", "dangvu.organizations.api.router", tags=["organizations"])
api.add_router("/members", "dangvu.members.api.router", tags=["members"])
api.add_router("/stats", "dangvu.reports.api.stats_router", tags=["figures"])
api.add_router("/tasks", "dangvu.workplans.api.router", tags=["tasks"])
api.add_router("/oversight", "dangvu.oversight.api.router", tags=["oversight"])
