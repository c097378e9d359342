"""Restructuring of the tree as dated operations (CONTRACT.md, KIND `restructurings`):

- `move`   — from `on` the unit and everything under it stand under `target` (or become a root when
             `target` is None: its superior is outside the register). Members keep their unit; their
             ancestry changes, so figures count them as transferred across every border they cross.
- `merge`  — on `on` the members registered in the unit pass to `target` (one RESTRUCTURING event each,
             linked to the Restructuring row), the units under it stand under `target`, and the unit is
             closed from `on` with `target` as its successor.
- `rename` — from `on` the unit bears `new_name`.
- `close`  — a unit with no members registered on `on` and no units under it is closed from `on`.
- `split`  — the members listed for each part pass to that (existing) unit on `on`; new parts are created
             first with `services.create_organization(established_on=on)`.

A restructuring applies to the register as it stands: a later record that it would contradict (an event in
the unit on or after its closure, a later change of its place, a later name) makes it refused, and a
refusal writes nothing. Open matters of other modules (discipline cases, tasks) move in `_move_open_matters`:
each module that holds such matters adds its move there, inside the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dangvu.audit import services as audit
from dangvu.core.errors import InvalidInput, Problem
from dangvu.members import spans
from dangvu.members.figures import member_figures
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.organizations import selectors
from dangvu.organizations.checks import fmt, require_edit, resolve
from dangvu.organizations.models import (
    CommitteePost,
    Operation,
    Organization,
    OrganizationName,
    OrganizationParent,
    Restructuring,
    Term,
)

BEGINNING = dt.date.min


def _refuse(field_name: str, message):
    raise InvalidInput.one(field_name, message)


def _short(day: dt.date) -> str:
    return day.isoformat()


# --- Reading the register as it stands -----------------------------------------------------------------


def members_registered_in(organization: Organization, on: dt.date) -> list[int]:
    """Ids of the members whose registered unit on `on` (before any restructuring of that day) is
    `organization` itself: replayed from their events, among those on the register in its subtree."""
    day_before = on - dt.timedelta(days=1)
    candidates = list(
        MembershipSpan.objects.on_register(day_before).filter(ancestor=organization)
        .filter(Q(end_on__isnull=True) | Q(end_on__gt=on))
        .values_list("member_id", flat=True).distinct()
    )
    events = spans.load_events(candidates)
    found = []
    for member_id in candidates:
        for stay in spans.replay(events.get(member_id, ())).stays:
            if stay.start <= day_before and on < stay.end:
                if stay.organization_id == organization.id:
                    found.append(member_id)
                break
    return sorted(found)


def members_in_subtree_after(organization: Organization, on: dt.date) -> list[int]:
    """Members with any time in the unit's subtree from `on` on: those whose spans a change of the tree
    from `on` alters."""
    return sorted(set(
        MembershipSpan.objects.filter(ancestor=organization)
        .filter(Q(end_on__isnull=True) | Q(end_on__gt=on))
        .values_list("member_id", flat=True)
    ))


def _later_link_dates(on: dt.date) -> list[dt.date]:
    dates = OrganizationParent.objects.filter(valid_from__gt=on).values_list("valid_from", flat=True)
    return sorted(set(dates))


def _would_cycle(organization: Organization, target: Organization, on: dt.date) -> bool:
    """`target` lies in the unit's subtree on `on` or on any later day the tree changes."""
    days = [on, *_later_link_dates(on)]
    return any(target.id in selectors.subtree_ids_on(organization.id, day) for day in days)


# --- Checks that a later record does not contradict the operation -----------------------------------------


def _check_exists(org: Organization, on: dt.date, field_name: str) -> None:
    if org.established_on and on < org.established_on:
        _refuse(field_name, fmt(_("The organisation %(code)s was founded only on %(day)s."),
                                code=org.code, day=_short(org.established_on)))
    if org.closed_on and on >= org.closed_on:
        _refuse(field_name, fmt(_("The organisation %(code)s was closed on %(day)s."),
                                code=org.code, day=_short(org.closed_on)))


def _check_target(target: Organization, on: dt.date) -> None:
    _check_exists(target, on, "target_code")
    if target.closed_on:
        _refuse("target_code", fmt(_("The receiving organisation %(code)s is closed on %(day)s; a "
                                     "restructuring before that closure would contradict it."),
                                   code=target.code, day=_short(target.closed_on)))


def _check_own_links(org: Organization, on: dt.date) -> None:
    """No change of the unit's place recorded after `on`."""
    later = OrganizationParent.objects.filter(organization=org).filter(
        Q(valid_from__gt=on) | Q(valid_to__gt=on, valid_from__lte=on)
    )
    if later.exists():
        _refuse("on", _("A later change of this organisation's place in the tree is already recorded."))


def _check_closable(org: Organization, on: dt.date) -> None:
    """Nothing recorded in the unit on or after the day it closes (CONTRACT.md: such a row is refused)."""
    _check_own_links(org, on)
    live = MemberEvent.objects.filter(superseded_by__isnull=True)
    late = live.filter(Q(organization=org, on__gte=on) | Q(from_organization=org, on__gt=on))
    if late.exists():
        first = late.order_by("on").first()
        _refuse("on", fmt(_("Member events in this organisation are recorded on %(day)s, on or after the "
                            "closing date."), day=_short(first.on)))
    if OrganizationParent.objects.filter(parent=org).filter(
        Q(valid_from__gte=on) | Q(valid_to__gt=on, valid_from__lt=on)
    ).exists():
        _refuse("on", _("Units are recorded under this organisation after that date."))
    if Restructuring.objects.filter(Q(organization=org) | Q(target=org), on__gt=on).exists():
        _refuse("on", _("A later restructuring of this organisation is already recorded."))
    if Term.objects.filter(organization=org, start_on__gte=on).exists() or CommitteePost.objects.filter(
        organization=org, from_on__gte=on
    ).exists():
        _refuse("on", _("Committee terms or posts of this organisation begin on or after that date."))


def _check_members_listed(source: Organization, on: dt.date, member_ids: list[int]) -> None:
    late = MemberEvent.objects.filter(superseded_by__isnull=True, member_id__in=member_ids).filter(
        Q(organization=source, on__gte=on) | Q(from_organization=source, on__gt=on)
    )
    if late.exists():
        _refuse("members", _("Some of these members have events in the organisation on or after that date."))


# --- Writing ----------------------------------------------------------------------------------------------


def _close_link(link: OrganizationParent, on: dt.date) -> None:
    link.valid_to = on
    link.save(update_fields=["valid_to"])


def _relink(org_id: int, parent: Organization | None, on: dt.date) -> None:
    """From `on`, `org_id` stands under `parent`."""
    link = selectors.link_on(org_id, on)
    if link is not None and link.valid_from == on:
        link.parent = parent
        link.save(update_fields=["parent"])
        return
    if link is not None:
        _close_link(link, on)
    OrganizationParent.objects.create(organization_id=org_id, parent=parent, valid_from=on)


def _end_committee(org: Organization, on: dt.date) -> None:
    """The executive committee of a closed unit ends with it."""
    Term.objects.filter(organization=org).filter(Q(end_on__isnull=True) | Q(end_on__gt=on)).update(end_on=on)
    (CommitteePost.objects.filter(organization=org).filter(Q(to_on__isnull=True) | Q(to_on__gt=on))
     .update(to_on=on))


def _move_members(row: Restructuring, source: Organization, target: Organization,
                  member_ids: list[int]) -> None:
    MemberEvent.objects.bulk_create([
        MemberEvent(member_id=member_id, kind=EventKind.RESTRUCTURING, on=row.on, organization=target,
                    from_organization=source, decision_number=row.decision_number, note=row.note,
                    restructuring=row)
        for member_id in member_ids
    ], batch_size=2000)


# Open matters that follow a merged unit: (model, the organisation fields that pass to the successor, the
# filter that makes a row "open"). Members move through their own events (_move_members).
OPEN_MATTERS = (
    ("oversight.DisciplineCase", ("organization", "handled_by"), {"status": "open"}),
    ("oversight.Recommendation", ("owner_organization",), {"status": "open"}),
    ("workplans.Task", ("organization", "lead_unit"), {"status__in": ("not_started", "in_progress")}),
)


def _move_open_matters(source: Organization, target: Organization, on: dt.date) -> None:
    """Open matters of `source` (discipline cases, recommendations to carry out, tasks) pass to `target`
    on `on`, each move in the audit log with the unit before and after; closed matters keep their unit, so
    history stays where it happened."""
    from django.apps import apps

    for label, fields, open_filter in OPEN_MATTERS:
        model = apps.get_model(label)
        for name in fields:
            for obj in model.objects.filter(**{name: source}, **open_filter).order_by("pk"):
                attname = model._meta.get_field(name).attname
                before = {attname: source.pk}
                setattr(obj, name, target)
                obj.save(update_fields=[name])
                audit.record(actor=None, action=f"{model._meta.label_lower}.move", obj=obj,
                             organization_id=target.pk, before=before,
                             after={attname: target.pk, "restructuring_on": on})


def _close(org: Organization, on: dt.date) -> None:
    link = selectors.link_on(org, on)
    if link is not None:
        _close_link(link, on)
    _end_committee(org, on)
    org.closed_on = on


def _do_move(row, org, target, on) -> tuple[list[int], list[int]]:
    affected = members_in_subtree_after(org, on)
    units = sorted(selectors.subtree_ids_on(org.id, on))
    _relink(org.id, target, on)
    org.scope_parent = target
    return affected, units


def _do_merge(row, org, target, on) -> tuple[list[int], list[int]]:
    movers = members_registered_in(org, on)
    affected = members_in_subtree_after(org, on)
    children = list(selectors.children_on(org, on).values_list("id", flat=True))
    _move_members(row, org, target, movers)
    for child_id in children:
        _relink(child_id, target, on)
    Organization.objects.filter(scope_parent=org).update(scope_parent=target)
    _move_open_matters(org, target, on)
    _close(org, on)
    org.successor = target
    org.scope_parent = target
    return affected, children


def _do_close(row, org, target, on) -> tuple[list[int], list[int]]:
    present = MembershipSpan.objects.filter(ancestor=org).filter(
        Q(end_on__isnull=True) | Q(end_on__gt=on)).values("member_id").distinct().count()
    if present:
        _refuse("organization_code", fmt(_("Members registered in this organisation on that date: %(count)s; "
                                           "merge it or transfer them first."), count=present))
    if selectors.children_on(org, on).exists():
        _refuse("organization_code", _("Units still stand under this organisation on that date; move or "
                                       "merge them first."))
    _close(org, on)
    return [], []


def _do_rename(row, org, target, on) -> tuple[list[int], list[int]]:
    new_name = row.new_name
    if OrganizationName.objects.filter(organization=org, valid_from__gt=on).exists():
        _refuse("on", _("A later name of this organisation is already recorded."))
    if new_name == selectors.name_on(org, on):
        _refuse("new_name", _("The organisation already bears this name on that date."))
    current = (OrganizationName.objects.filter(organization=org, valid_from__lte=on)
               .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=on)).order_by("-valid_from").first())
    if current is None and not OrganizationName.objects.filter(organization=org).exists():
        since = org.established_on or BEGINNING
        if since < on:
            OrganizationName.objects.create(organization=org, name=org.name, valid_from=since, valid_to=on)
    elif current is not None and current.valid_from == on:
        _refuse("on", _("The organisation is already renamed on that date."))
    elif current is not None:
        current.valid_to = on
        current.save(update_fields=["valid_to"])
    OrganizationName.objects.create(organization=org, name=new_name, valid_from=on)
    org.name = selectors.name_on(org, max(on, timezone.localdate()))
    return [], []


HANDLERS = {
    Operation.MOVE: _do_move,
    Operation.MERGE: _do_merge,
    Operation.CLOSE: _do_close,
    Operation.RENAME: _do_rename,
}


def _validate_request(on, operation, organization, target,
                      new_name) -> tuple[Organization, Organization | None]:
    problems: list[Problem] = []
    if not isinstance(on, dt.date):
        problems.append(Problem("on", _("The date is required.")))
    if operation not in HANDLERS:
        problems.append(Problem("operation", fmt(_("Unknown operation; use one of: %(ops)s."),
                                                 ops=", ".join(HANDLERS))))
    org = tgt = None
    try:
        org = resolve(organization, "organization_code")
    except InvalidInput as exc:
        problems.extend(exc.problems)
    if target not in (None, ""):
        try:
            tgt = resolve(target, "target_code")
        except InvalidInput as exc:
            problems.extend(exc.problems)
    elif operation == Operation.MERGE:
        problems.append(Problem("target_code", _("A merge needs the receiving organisation.")))
    if operation in (Operation.RENAME,) and not (new_name or "").strip():
        problems.append(Problem("new_name", _("A rename needs the new name.")))
    if operation in (Operation.CLOSE, Operation.RENAME) and tgt is not None:
        problems.append(Problem("target_code", _("This operation takes no receiving organisation.")))
    if org is not None and tgt is not None and org.id == tgt.id:
        problems.append(Problem("target_code", _("The receiving organisation must be another one.")))
    if problems:
        raise InvalidInput(problems)
    return org, tgt


def restructure(*, actor, on: dt.date, operation: str, organization, target=None, new_name: str = "",
                decision_number: str = "", note: str = "") -> Restructuring:
    """One dated restructuring (`move`, `merge`, `rename`, `close`; `split` has its own function).
    `organization` and `target` are Organizations or codes. Returns the Restructuring row; the members it
    moved carry RESTRUCTURING events linked to it. Bad input or a contradiction raises InvalidInput and
    writes nothing; a unit outside the actor's `register.edit` scope raises NotFound (or Forbidden)."""
    org, tgt = _validate_request(on, operation, organization, target, new_name)
    with audit.atomic():
        locked = {o.id: o for o in Organization.objects.select_for_update().filter(
            id__in=[org.id] + ([tgt.id] if tgt else [])).order_by("id")}
        org, tgt = locked[org.id], (locked[tgt.id] if tgt else None)
        require_edit(actor, org)
        if tgt is not None:
            require_edit(actor, tgt)
        elif operation == Operation.MOVE and org.scope_parent_id:
            require_edit(actor, org.scope_parent)
        _check_exists(org, on, "organization_code")
        if operation in (Operation.MOVE, Operation.MERGE):
            if tgt is not None:
                _check_target(tgt, on)
                if _would_cycle(org, tgt, on):
                    _refuse("target_code", _("The receiving organisation stands under this one: a unit "
                                             "cannot be placed under its own subtree."))
            _check_own_links(org, on)
            if operation == Operation.MOVE and selectors.parent_on(org, on) == tgt:
                _refuse("target_code", _("The organisation already stands under the receiving one on that "
                                         "date."))
        if operation in (Operation.MERGE, Operation.CLOSE):
            _check_closable(org, on)
        before = audit.snapshot(org)
        row = Restructuring.objects.create(on=on, operation=operation, organization=org, target=tgt,
                                           new_name=(new_name or "").strip(),
                                           decision_number=(decision_number or "").strip(),
                                           note=(note or "").strip())
        affected, units = HANDLERS[operation](row, org, tgt, on)
        org.save()
        moved = list(row.member_events.values_list("member_id", flat=True))
        audit.record(actor=actor, action=f"organization.{operation}", obj=org, organization_id=org.id,
                     before=before, after={**audit.snapshot(org), "restructuring": audit.snapshot(row),
                                           "moved_member_ids": moved, "unit_ids": units})
        if affected:
            spans.rebuild_for_members(affected, tree=spans.TreeHistory.load())
    return row


def split(*, actor, on: dt.date, organization, parts: dict, close_source: bool = False,
          decision_number: str = "", note: str = "") -> list[Restructuring]:
    """The unit's members pass to several units on `on`: `parts` maps each receiving unit (Organization or
    code; create new ones first) to the ids of the members registered in the source on `on` that go there.
    With `close_source` every member must be listed, no unit may stand under the source, and the source is
    closed from `on`. One Restructuring row per part."""
    problems: list[Problem] = []
    if not isinstance(on, dt.date):
        problems.append(Problem("on", _("The date is required.")))
    if not parts:
        problems.append(Problem("parts", _("A split needs at least one receiving organisation.")))
    try:
        source = resolve(organization, "organization_code")
    except InvalidInput as exc:
        raise InvalidInput(problems + exc.problems) from None
    targets: list[tuple[Organization, list[int]]] = []
    seen: set[int] = set()
    for key, ids in (parts or {}).items():
        try:
            tgt = resolve(key, "target_code")
        except InvalidInput as exc:
            problems.extend(exc.problems)
            continue
        ids = [int(i) for i in ids]
        if tgt.id == source.id:
            problems.append(Problem("target_code", _("The receiving organisation must be another one.")))
        if seen.intersection(ids) or len(set(ids)) != len(ids):
            problems.append(Problem("members", _("A member is listed more than once.")))
        seen.update(ids)
        targets.append((tgt, ids))
    if problems:
        raise InvalidInput(problems)
    with audit.atomic():
        Organization.objects.select_for_update().filter(id__in=[source.id] + [t.id for t, _ids in targets])
        source = Organization.objects.get(pk=source.pk)
        require_edit(actor, source)
        _check_exists(source, on, "organization_code")
        for tgt, _ids in targets:
            require_edit(actor, tgt)
            _check_target(tgt, on)
        present = set(members_registered_in(source, on))
        if not seen <= present:
            _refuse("members", fmt(_("Listed members not registered in the organisation on that date: "
                                     "%(count)s."), count=len(seen - present)))
        _check_members_listed(source, on, sorted(seen))
        if close_source:
            if present - seen:
                _refuse("members", fmt(_("Members of the organisation left unlisted: %(count)s; a split that "
                                         "closes it must place every member."), count=len(present - seen)))
            if selectors.children_on(source, on).exists():
                _refuse("organization_code", _("Units still stand under this organisation on that date; move "
                                               "or merge them first."))
            _check_closable(source, on)
        before = audit.snapshot(source)
        rows = []
        for tgt, ids in targets:
            row = Restructuring.objects.create(on=on, operation=Operation.SPLIT, organization=source,
                                               target=tgt, decision_number=(decision_number or "").strip(),
                                               note=(note or "").strip())
            _move_members(row, source, tgt, ids)
            rows.append(row)
        if close_source:
            _close(source, on)
            source.save()
        audit.record(actor=actor, action="organization.split", obj=source, organization_id=source.id,
                     before=before, after={**audit.snapshot(source),
                                           "parts": {t.code: ids for t, ids in targets},
                                           "restructuring_ids": [r.id for r in rows]})
        if seen:
            spans.rebuild_for_members(seen, tree=spans.TreeHistory.load())
    return rows


# --- Preview ----------------------------------------------------------------------------------------------


@dataclass
class Preview:
    """What a restructuring would do, computed by running it and rolling it back."""

    on: dt.date
    operation: str
    organization: Organization
    target: Organization | None
    new_name: str = ""
    members: list[Member] = field(default_factory=list)  # the members who go with the operation
    units: list[Organization] = field(default_factory=list)  # units that change place
    figures: dict[str, dict] = field(default_factory=dict)  # code → {"before": {...}, "after": {...}}

    @property
    def operation_label(self) -> str:
        return Operation(self.operation).label

    @property
    def member_count(self) -> int:
        return len(self.members)

    @property
    def member_ids(self) -> list[int]:
        return [m.id for m in self.members]


class _Rollback(Exception):
    pass


def _watched(org: Organization, tgt: Organization | None, on: dt.date) -> list[Organization]:
    """Source, target and their parents on the day before: the figures a restructuring changes."""
    day_before = on - dt.timedelta(days=1)
    watched: dict[int, Organization] = {}
    for unit in (org, tgt):
        if unit is None:
            continue
        watched.setdefault(unit.id, unit)
        parent = selectors.parent_on(unit, day_before)
        if parent is not None:
            watched.setdefault(parent.id, parent)
    return list(watched.values())


def preview_restructuring(on: dt.date, operation: str, organization, target=None, *, new_name: str = "",
                          actor=None) -> Preview:
    """What `restructure(...)` with the same arguments would do, without writing anything: the members who
    go with it (for a merge those whose unit changes; for a move those on the register in the moved subtree),
    the units that change place, and the figures of the day `on` for the source, the target and their
    parents before and after. Raises what `restructure` would raise."""
    org, tgt = _validate_request(on, operation, organization, target, new_name)
    watched = _watched(org, tgt, on)
    before = {unit.code: member_figures(unit.id, on, on) for unit in watched}
    preview = Preview(on=on, operation=operation, organization=org, target=tgt,
                      new_name=(new_name or "").strip())
    if operation == Operation.MOVE:
        unit_ids = sorted(selectors.subtree_ids_on(org.id, on))
        going = set(MembershipSpan.objects.on_register(on).filter(ancestor=org)
                    .values_list("member_id", flat=True))
    elif operation == Operation.MERGE:
        unit_ids = list(selectors.children_on(org, on).values_list("id", flat=True))
        going = set()
    else:
        unit_ids, going = [], set()
    try:
        with audit.atomic():
            row = restructure(actor=actor, on=on, operation=operation, organization=org, target=tgt,
                              new_name=new_name)
            going |= set(row.member_events.values_list("member_id", flat=True))
            preview.members = list(Member.objects.filter(id__in=going).order_by("sort_key", "id"))
            preview.units = list(Organization.objects.filter(id__in=unit_ids).order_by("code"))
            preview.figures = {unit.code: {"before": before[unit.code],
                                           "after": member_figures(unit.id, on, on)} for unit in watched}
            raise _Rollback
    except _Rollback:
        pass
    return preview
