"""A superior committee's conclusions and directives, with their items."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _

from dangvu.accounts.roles import Action
from dangvu.audit import services as audit
from dangvu.core.errors import Problem
from dangvu.workplans.models import Directive, DirectiveItem, DirectiveKind
from dangvu.workplans.services.common import _day, _raise, _require


def record_directive(
    *,
    actor,
    organization,
    kind: str,
    issuer: str,
    issued_on: dt.date,
    title: str,
    items: list[str],
    number: str = "",
    on: dt.date | None = None,
) -> Directive:
    """A superior committee's conclusion or directive addressed to `organization`, with its items."""
    problems = []
    if kind not in DirectiveKind.values:
        problems.append(Problem("kind", _("Unknown kind of directive.")))
    for name, value in (("issuer", issuer), ("title", title)):
        if not (value or "").strip():
            problems.append(Problem(name, _("This field is required.")))
    texts = [t.strip() for t in items or [] if t and t.strip()]
    if not texts:
        problems.append(Problem("items", _("A directive needs at least one item.")))
    _raise(problems)
    with audit.atomic():
        _require(actor, Action.ASSIGN_TASKS, organization.pk, _day(on))
        directive = Directive.objects.create(
            organization=organization,
            kind=kind,
            number=number,
            issuer=issuer,
            issued_on=issued_on,
            title=title.strip(),
            recorded_by=actor,
        )
        DirectiveItem.objects.bulk_create(
            [DirectiveItem(directive=directive, position=i, text=t) for i, t in enumerate(texts, 1)]
        )
        audit.record(
            actor=actor,
            action="directive.create",
            obj=directive,
            organization_id=organization.pk,
            after={**audit.snapshot(directive), "items": texts},
        )
    return directive
