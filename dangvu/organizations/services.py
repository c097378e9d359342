"""Writes to the organisation tree: creating units, terms and executive-committee posts.
Restructuring (move, merge, rename, close, split) lives in `organizations.restructuring` and is re-exported
here, so that every caller writes through `organizations.services`."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dangvu.audit import services as audit
from dangvu.core.errors import Forbidden, InvalidInput, Problem
from dangvu.members.models import MembershipSpan
from dangvu.organizations.checks import fmt, require_edit, resolve
from dangvu.organizations.models import (
    CommitteePost,
    Organization,
    OrganizationName,
    OrganizationParent,
    OrgKind,
    Post,
    Term,
)
from dangvu.organizations.restructuring import (  # noqa: F401 - re-exported: callers use services.*
    Preview,
    preview_restructuring,
    restructure,
    split,
)

BEGINNING = dt.date.min  # a link or name "since always" when the founding date is unknown


def create_organization(*, actor, code: str, name: str, kind: str, parent=None,
                        established_on: dt.date | None = None, closed_on: dt.date | None = None,
                        issuing_body: str = "", abbreviation: str = "", place_name: str = "") -> Organization:
    """A new unit under `parent` (an Organization or a code; None for a root). Its link to the parent and
    its first name run from `established_on`, or since always when the founding date is unknown."""
    code, name = (code or "").strip(), (name or "").strip()
    problems: list[Problem] = []
    if not code:
        problems.append(Problem("code", _("The code is required.")))
    elif Organization.objects.filter(code=code).exists():
        problems.append(Problem("code", _("Another organisation already has this code.")))
    if not name:
        problems.append(Problem("name", _("The name is required.")))
    if kind not in OrgKind.values:
        problems.append(Problem("kind", fmt(_("Unknown kind of organisation; use one of: %(kinds)s."),
                                    kinds=", ".join(OrgKind.values))))
    if established_on and closed_on and closed_on <= established_on:
        problems.append(Problem("closed_on", _("The closing date must come after the founding date.")))
    parent_org = None
    if parent not in (None, ""):
        try:
            parent_org = resolve(parent, "parent_code")
        except InvalidInput as exc:
            problems.extend(exc.problems)
        else:
            if established_on and not parent_org.exists_on(established_on):
                problems.append(Problem("parent_code", _(
                    "The superior organisation did not exist on the founding date.")))
            elif not established_on and parent_org.closed_on:
                problems.append(Problem("parent_code", _(
                    "The superior organisation is closed; give the founding date of the new unit.")))
    if problems:
        raise InvalidInput(problems)

    with audit.atomic():
        if parent_org is not None:
            require_edit(actor, parent_org)
        elif actor is not None:
            # A root is outside every scope but the system's.
            raise Forbidden(_("Only the system may create a top-level organisation."))
        org = Organization.objects.create(
            code=code, name=name, kind=kind, established_on=established_on, closed_on=closed_on,
            scope_parent=parent_org, issuing_body=issuing_body, abbreviation=abbreviation,
            place_name=place_name,
        )
        since = established_on or BEGINNING
        OrganizationParent.objects.create(organization=org, parent=parent_org, valid_from=since,
                                          valid_to=closed_on)
        OrganizationName.objects.create(organization=org, name=name, valid_from=since)
        audit.record(actor=actor, action="organization.create", obj=org, organization_id=org.id,
                     after=audit.snapshot(org))
    return org


# --- Terms and executive-committee posts -----------------------------------------------------------------


def open_term(*, actor, organization: Organization, number: int, start_on: dt.date,
              end_on: dt.date | None = None) -> Term:
    """A new term of the unit's executive committee. The previous term, if still open, ends on `start_on`."""
    problems: list[Problem] = []
    if not isinstance(number, int) or number < 1:
        problems.append(Problem("number", _("The term number must be a positive whole number.")))
    if end_on and end_on <= start_on:
        problems.append(Problem("end_on", _("The end of the term must come after its start.")))
    if not organization.exists_on(start_on):
        problems.append(Problem("start_on", _("The organisation did not exist on that date.")))
    if problems:
        raise InvalidInput(problems)
    with audit.atomic():
        require_edit(actor, organization)
        terms = Term.objects.select_for_update().filter(organization=organization)
        if terms.filter(number=number).exists():
            raise InvalidInput.one("number", _("The organisation already has a term with this number."))
        if terms.filter(start_on__gte=start_on).exists():
            raise InvalidInput.one("start_on", _("A later term is already recorded; terms follow each "
                                                 "other."))
        if terms.filter(end_on__gt=start_on).exists():
            raise InvalidInput.one("start_on", _("The previous term has not ended by that date."))
        for previous in terms.filter(end_on__isnull=True):
            before = audit.snapshot(previous)
            previous.end_on = start_on
            previous.save(update_fields=["end_on"])
            audit.record(actor=actor, action="organization.term.end", obj=previous,
                         organization_id=organization.id, before=before, after=audit.snapshot(previous))
        term = Term.objects.create(organization=organization, number=number, start_on=start_on, end_on=end_on)
        audit.record(actor=actor, action="organization.term.open", obj=term, organization_id=organization.id,
                     after=audit.snapshot(term))
    return term


def _on_register_in_subtree(member, organization: Organization, day: dt.date) -> bool:
    return MembershipSpan.objects.on_register(day).filter(member=member, ancestor=organization).exists()


def assign_post(*, actor, term: Term, member, post: str, from_on: dt.date, to_on: dt.date | None = None,
                note: str = "") -> CommitteePost:
    """`member` holds `post` in the executive committee of `term` from `from_on`. The holder must be on the
    register in the unit's subtree that day; a unit has one secretary at a time."""
    organization = term.organization
    problems: list[Problem] = []
    if post not in Post.values:
        problems.append(Problem("post", fmt(_("Unknown post; use one of: %(posts)s."),
                                    posts=", ".join(Post.values))))
    if not term.contains(from_on):
        problems.append(Problem("from_on", _("The date lies outside the term.")))
    if to_on is not None and to_on <= from_on:
        problems.append(Problem("to_on", _("The end of the post must come after its start.")))
    if term.end_on and to_on is None:
        to_on = term.end_on
    if to_on and term.end_on and to_on > term.end_on:
        problems.append(Problem("to_on", _("The date lies outside the term.")))
    if not problems and not _on_register_in_subtree(member, organization, from_on):
        problems.append(Problem("member", _("The member was not on the register of this organisation on "
                                            "that date.")))
    if problems:
        raise InvalidInput(problems)
    with audit.atomic():
        require_edit(actor, organization)
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        overlapping = CommitteePost.objects.filter(organization=organization).filter(
            Q(to_on__isnull=True) | Q(to_on__gt=from_on))
        if to_on is not None:
            overlapping = overlapping.filter(from_on__lt=to_on)
        if overlapping.filter(member=member, post=post).exists():
            raise InvalidInput.one("member", _("The member already holds this post in that period."))
        if post == Post.SECRETARY and overlapping.filter(post=Post.SECRETARY).exists():
            raise InvalidInput.one("post", _("The organisation already has a secretary in that period; end "
                                             "that post first."))
        held = CommitteePost.objects.create(term=term, organization=organization, member=member, post=post,
                                            from_on=from_on, to_on=to_on, note=note.strip())
        audit.record(actor=actor, action="organization.post.assign", obj=held,
                     organization_id=organization.id, after=audit.snapshot(held))
    return held


def end_post(*, actor, post: CommitteePost, on: dt.date, note: str = "") -> CommitteePost:
    """The holder leaves the post on `on` (the first day without it)."""
    with audit.atomic():
        held = CommitteePost.objects.select_for_update().select_related("organization").get(pk=post.pk)
        require_edit(actor, held.organization)
        if on <= held.from_on:
            raise InvalidInput.one("on", _("The end of the post must come after its start."))
        if held.to_on is not None and held.to_on < on:
            raise InvalidInput.one("on", _("The post had already ended by that date."))
        before = audit.snapshot(held)
        held.to_on = on
        if note:
            held.note = note.strip()
        held.save(update_fields=["to_on", "note"])
        audit.record(actor=actor, action="organization.post.end", obj=held,
                     organization_id=held.organization_id, before=before, after=audit.snapshot(held))
    return held
