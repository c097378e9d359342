"""Inspection and supervision in the REST API, read-only: the inspections and supervisions (`oversight.view`
on the conducting body) and the recommendations of their conclusions, with the overdue list of the
deadline view. Discipline is confidential and not in the API.

No `from __future__ import annotations` here: django-ninja resolves `Query[...]` parameters at import."""

import datetime as dt
from typing import Annotated

from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from dangvu.accounts import selectors as access
from dangvu.accounts.roles import Action
from dangvu.core.api_schema import Pagination, enumeration
from dangvu.core.errors import NotFound
from dangvu.organizations.selectors import get_by_code, scope_subtree_ids
from dangvu.oversight import selectors
from dangvu.oversight.models import ALL_KINDS, Activity, RecommendationStatus, SubjectType

router = Router()
ReviewKind = enumeration("ReviewKind", [value for value, _label in ALL_KINDS])
PAGE_SIZE = 50


class ReviewOut(Schema):
    id: int
    code: str
    activity: Activity
    kind: ReviewKind
    conducted_by: str
    subject_type: SubjectType
    subject: str
    started_on: dt.date
    concluded_on: dt.date | None
    violation_found: bool | None

    @staticmethod
    def resolve_conducted_by(obj) -> str:
        return obj.conducted_by.code

    @staticmethod
    def resolve_subject(obj) -> str:
        return obj.subject.code


class RecommendationOut(Schema):
    id: int
    review: str
    text: str
    owner_organization: str
    owner: str
    deadline: dt.date
    status: RecommendationStatus
    done_on: dt.date | None

    @staticmethod
    def resolve_review(obj) -> str:
        return obj.review.code

    @staticmethod
    def resolve_owner_organization(obj) -> str:
        return obj.owner_organization.code


class ReviewFilterIn(Schema):
    org: str | None = Field(None, max_length=50)
    year: Annotated[int, Field(ge=1930, le=9999)] | None = None
    activity: Activity | None = None


class RecommendationFilterIn(Schema):
    overdue: bool = False


@router.get(
    "/reviews",
    response=list[ReviewOut],
    summary="Inspections and supervisions in the user's oversight.view scope, by conducting body and year",
)
@paginate(Pagination, page_size=PAGE_SIZE)
def review_list(request, filters: Query[ReviewFilterIn]):
    reviews = selectors.reviews_for(request.auth, filters.activity)
    if filters.org:
        organization = get_by_code(filters.org)
        if organization is None or not access.can(request.auth, Action.VIEW_OVERSIGHT, organization.id):
            raise NotFound(_("No organisation with this code in your scope."))
        reviews = reviews.filter(conducted_by_id__in=scope_subtree_ids([organization.id]))
    if filters.year:
        reviews = reviews.filter(started_on__year=filters.year)
    return reviews.order_by("-started_on", "code")


@router.get(
    "/recommendations",
    response=list[RecommendationOut],
    summary="Recommendations of conclusions in the user's scope; overdue=true: open and past the deadline",
)
@paginate(Pagination, page_size=PAGE_SIZE)
def recommendation_list(request, filters: Query[RecommendationFilterIn]):
    if filters.overdue:
        return selectors.overdue_recommendations(request.auth, access.today())
    return selectors.recommendations_for(request.auth).order_by("deadline", "id")
