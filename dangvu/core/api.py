"""The REST API object (django-ninja), mounted at /api/ by dangvu/urls.py.

Authentication is by bearer token only (`Authorization: Bearer <token>`, accounts.ApiToken): session
cookies are not accepted, so no endpoint depends on CSRF. Every error, from an operation or not (unknown
route under /api/, 405, a page number past the database's integers, an unexpected exception), is JSON of
one shape, `core.api_schema.ErrorOut`: `{"detail": "vi / en", "errors": [{"field", "message_vi",
"message_en", "rule"}, ...]}` with 400 invalid input, 401 no token, 403 not allowed, 404 unknown or out of
scope, 405, 409 a stale version (core.concurrency), 500 (logged by id, without personal data).

An app adds its endpoints with one line at the end of this module:
`api.add_router("/members", "dangvu.members.api.router", tags=["members"])` (paths without a trailing
slash: `/api/members`, `/api/members/{code}`), then refreshes tests/api/openapi.json.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import traceback
import uuid
from pathlib import Path

from django.http import Http404, HttpResponse
from django.urls import re_path
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI, Schema, Swagger
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.parser import Parser
from ninja.security import HttpBearer

from dangvu.accounts import selectors as access
from dangvu.accounts.models import ApiToken
from dangvu.accounts.roles import Role
from dangvu.core.api_schema import ErrorOut
from dangvu.core.errors import Conflict, Forbidden, InvalidInput, NotFound, Problem, bilingual

logger = logging.getLogger("dangvu.api")
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


class StrictParser(Parser):
    """A parameter that is not a list but sent twice (`?overdue_on=a&overdue_on=b`) reaches validation as
    the list it is, and is refused there (django-ninja would silently keep the last value)."""

    def parse_querydict(self, data, list_fields, request):
        result = super().parse_querydict(data, list_fields, request)
        for key in data:
            if key not in list_fields and len(data.getlist(key)) > 1:
                result[key] = data.getlist(key)
        return result


class DangvuAPI(NinjaAPI):
    """NinjaAPI whose every answer under /api/ is JSON, and whose schema documents the error answers."""

    def _get_urls(self):
        urls = super()._get_urls()
        for bound in self._get_bound_routers():
            for path_view in bound.path_operations.values():
                for operation in path_view.operations:
                    _refuse_unknown_query_parameters(operation)
        for pattern in urls:
            pattern.callback = _json_errors(pattern.callback)
        # Last: any other path under /api/ (and any method) is a JSON 404, not the site's HTML page.
        urls.append(re_path(r"^", _json_errors(_unknown_route), name="unknown"))
        return urls

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        definitions = ErrorOut.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema["components"].setdefault("schemas", {})
        components.update(definitions.pop("$defs", {}))
        components["ErrorOut"] = definitions
        reference = {ERROR_JSON: {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                statuses = ERROR_STATUSES if method == "get" else WRITE_ERROR_STATUSES
                for status in statuses:
                    operation["responses"].setdefault(
                        status, {"description": _ERROR_TEXT[status], "content": reference}
                    )
        return schema


def _refuse_unknown_query_parameters(operation) -> None:
    """A query parameter the operation does not declare is a 400 naming it: a misspelt filter
    (`?overdu=true`) must not silently answer the whole list."""
    if getattr(operation, "_dangvu_checked", False):
        return
    known: set[str] = set()
    for model in operation.models:
        if getattr(model, "__ninja_param_source__", None) == "query":
            known.update(getattr(model, "__ninja_flatten_map__", {}))
    run = operation.run

    def checked_run(request, *args, **kwargs):
        unknown = sorted(set(request.GET) - known)
        if unknown:
            problems = [Problem(f"query.{name}", _("Unknown parameter."), "unknown_parameter").as_dict()
                        for name in unknown]
            return api.create_response(request, error_body(_("Invalid input."), problems), status=400)
        return run(request, *args, **kwargs)

    operation.run = checked_run
    operation._dangvu_checked = True


def _unknown_route(request, *args, **kwargs):
    raise Http404


def _json_errors(view):
    """Wraps a URL pattern's view: Http404 and 405 raised or answered outside an operation become JSON,
    and so does an exception that escaped django-ninja's own handlers."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Http404:
            return _json(request, error_body(_("Not found.")), status=404)
        except Exception as exc:
            return server_error(request, exc)
        if response.status_code == 405 and response.get("Content-Type", "").split(";")[0] != ERROR_JSON:
            allowed = response.get("Allow", "")
            response = _json(request, error_body(_("Method not allowed.")), status=405)
            response["Allow"] = allowed
        return response

    wrapper.csrf_exempt = True  # bearer tokens only: nothing under /api/ reads the session cookie
    return wrapper


api = DangvuAPI(
    title="dangvu",
    version="1",
    description="Đảng vụ — REST API. Authorization: Bearer <token>.",
    urls_namespace="api",
    auth=BearerToken(),
    parser=StrictParser(),
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
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "bool_parsing": _("Enter true or false."),
    "bool_type": _("Enter true or false."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_inexact": _("Enter a date as YYYY-MM-DD."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": _("Enter a date and time in ISO 8601 format."),
    "datetime_from_date_parsing": _("Enter a date and time in ISO 8601 format."),
    "greater_than_equal": _("The value is too small."),
    "greater_than": _("The value is too small."),
    "less_than_equal": _("The value is too large."),
    "less_than": _("The value is too large."),
    "string_too_long": _("The text is too long."),
    "string_too_short": _("The text is too short."),
    "string_type": _("Enter one text value."),
    "enum": _("The value is not one of the allowed choices."),
    "literal_error": _("The value is not one of the allowed choices."),
    "json_invalid": _("The request body is not valid JSON."),
    "model_attributes_type": _("The request body must be a JSON object."),
    "dict_type": _("The request body must be a JSON object."),
}
_INVALID_VALUE = _("The value is not valid.")
ERROR_JSON = "application/json"
# Documented on every operation; writes may also answer 409 (core.errors.Conflict, a stale version).
ERROR_STATUSES = (400, 401, 403, 404)
WRITE_ERROR_STATUSES = (*ERROR_STATUSES, 409)
_ERROR_TEXT = {
    400: "Invalid input: the errors name each field and rule",
    401: "No valid bearer token",
    403: "The token's user may see the object but not do this to it",
    404: "Unknown, or outside the user's scope (existence does not leak)",
    409: "The record changed since the version sent (the errors list the fields changed since and their "
         "current values), or its state does not allow this (e.g. a closed task)",
}


def error_body(message, problems=()) -> dict:
    """The one error shape of the API (core.api_schema.ErrorOut)."""
    return {"detail": bilingual(message), "errors": list(problems)}


def _validation_problem(error: dict) -> dict:
    loc = [str(part) for part in error.get("loc", ())]
    kind = error.get("type", "")
    problem = Problem(".".join(loc), _VALIDATION_MESSAGES.get(kind, _INVALID_VALUE), kind).as_dict()
    if kind not in _VALIDATION_MESSAGES and error.get("msg"):
        problem["message_en"] = error["msg"]  # pydantic's own (English) wording is more precise
    return problem


def _json(request, body: dict, status: int) -> HttpResponse:
    # A plain JSON response: also for answers given outside an operation (unknown route, 405, 500).
    response = HttpResponse(json.dumps(body, ensure_ascii=False), status=status, content_type=ERROR_JSON)
    return response


def server_error(request, exc: BaseException) -> HttpResponse:
    """500 in the error shape. The log line names the error's id, its type, the route pattern and the
    code lines it passed through — never the exception's message, the path's values, the query string or
    the body, which may hold personal data (settings.LOGGING)."""
    error_id = uuid.uuid4().hex[:12]
    match = getattr(request, "resolver_match", None)
    route = match.route if match is not None else "?"
    frames = " < ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                        for f in reversed(traceback.extract_tb(exc.__traceback__)[-6:]))
    logger.error("API error %s: %s at %s %s [%s]", error_id, type(exc).__name__, request.method, route,
                 frames)
    response = _json(
        request,
        error_body(format_lazy("{} {}", _("Internal error; reported under the id"), error_id)),
        status=500,
    )
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's own line would name the path
    return response


@api.exception_handler(Conflict)
def _conflict(request, exc: Conflict):
    summary = exc.summary or _("The record's current state does not allow this.")
    return api.create_response(request, error_body(summary, [p.as_dict() for p in exc.problems]), status=409)


@api.exception_handler(InvalidInput)
def _invalid_input(request, exc: InvalidInput):
    return api.create_response(request, error_body(_("Invalid input."), [p.as_dict() for p in exc.problems]),
                               status=400)


@api.exception_handler(ValidationError)
def _invalid_request(request, exc: ValidationError):
    return api.create_response(
        request, error_body(_("Invalid input."), [_validation_problem(e) for e in exc.errors]), status=400
    )


@api.exception_handler(NotFound)
def _not_found(request, exc: NotFound):
    return api.create_response(request, error_body(exc.message), status=404)


@api.exception_handler(Http404)
def _http_404(request, exc):
    return api.create_response(request, error_body(_("Not found.")), status=404)


@api.exception_handler(Forbidden)
def _forbidden(request, exc: Forbidden):
    return api.create_response(request, error_body(exc.message), status=403)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = api.create_response(
        request,
        error_body(_("Authentication required: send the header Authorization: Bearer <token>.")),
        status=401,
    )
    response["WWW-Authenticate"] = 'Bearer realm="dangvu"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    # django-ninja's own refusals (e.g. 403 of an authorisation class), in our shape.
    return api.create_response(request, error_body(exc.message), status=exc.status_code)


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    return server_error(request, exc)


# --- the user himself ---------------------------------------------------------------------------------


class RoleOut(Schema):
    organization: str
    organization_name: str
    role: Role
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
