"""The events a user records on one member, by name, with the input fields each takes and the service
it calls: the web forms (members.forms) and the API (members.api) both go through `record_event`, so
the two offer the same acts with the same field names (those of the services' problems)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from dangvu.core.errors import InvalidInput
from dangvu.members import services
from dangvu.members.entries import Decision
from dangvu.members.models import Member, MemberEvent

DECISION = ("decision_number", "decision_date", "decision_body")

# Text inputs: an empty one is "" for the services, never None.
TEXT_FIELDS = {"destination", "purpose", "host", "ground", "card_number", "late_kind", "grounds", "note",
               "reason"}


@dataclass(frozen=True)
class EventSpec:
    label: object
    service: Callable[..., MemberEvent]
    fields: tuple[str, ...]  # besides the decision fields
    renames: tuple[tuple[str, str], ...] = ()  # input field → service keyword

    def call(self, actor, member: Member, data: dict) -> MemberEvent:
        renames = dict(self.renames)
        kwargs = {renames.get(name, name): (data.get(name) or "") if name in TEXT_FIELDS else data.get(name)
                  for name in self.fields}
        return self.service(actor=actor, member=member, decision=decision_of(data), **kwargs)


def decision_of(data: dict) -> Decision:
    return Decision(data.get("decision_number") or "", data.get("decision_date"),
                    data.get("decision_body") or "")


def _correct(*, actor, member: Member, decision: Decision, event=None, on=None, organization=None, until=None,
             note: str = "", reason: str = "") -> MemberEvent:
    """A correction: the changed copy of `event` (an id of one of the member's events)."""
    old = MemberEvent.objects.filter(pk=event, member=member).first() if str(event or "").isdigit() else None
    if old is None:
        raise InvalidInput.one("event", _("Choose the event to correct."))
    changes = {"on": on or old.on, "decision": decision, "note": note}
    if old.organization_id is not None or organization:
        changes["organization"] = organization or old.organization_id
    if old.until is not None or until:
        changes["until"] = until
    return services.correct_event(actor=actor, event=old, reason=reason, **changes)


SPECS: dict[str, EventSpec] = {
    "official": EventSpec(_("Recognition as official member"), services.recognize_official, ("on",)),
    "refuse_official": EventSpec(
        _("Not recognised as official (removed)"), services.refuse_official, ("on",)
    ),
    "transfer": EventSpec(_("Permanent transfer"), services.transfer, ("on", "organization")),
    "transfer_out": EventSpec(
        _("Departure by transfer out of the register"), services.transfer_out, ("on", "destination")
    ),
    "temporary_transfer": EventSpec(
        _("Temporary transfer"), services.temporary_transfer, ("on", "until", "purpose", "host")
    ),
    "temporary_return": EventSpec(
        _("Return from temporary transfer"), services.end_temporary_transfer, ("on",)
    ),
    "exemption": EventSpec(_("Exemption from activity"), services.exempt, ("on", "until")),
    "exemption_end": EventSpec(_("End of exemption from activity"), services.end_exemption, ("on",)),
    "removal": EventSpec(_("Removal from the rolls"), services.remove, ("on", "ground", "months_inactive")),
    "death": EventSpec(_("Death"), services.record_death, ("on",)),
    "readmission": EventSpec(_("Re-admission"), services.readmit, ("on", "organization")),
    "reinstatement": EventSpec(
        _("Reinstatement (expulsion annulled on appeal)"), services.reinstate, ("on", "organization")
    ),
    "card_issued": EventSpec(_("Party card issued"), services.issue_card, ("on", "card_number")),
    "late": EventSpec(
        _("Late entry of a past event"),
        services.enter_late,
        ("late_kind", "on", "organization", "until", "grounds", "reason"),
        (("late_kind", "kind"),),
    ),
    "correction": EventSpec(
        _("Correction of an event"), _correct, ("event", "on", "organization", "until", "note", "reason")
    ),
}
# The services name a few problems differently from the input fields.
PROBLEM_FIELDS = {"kind": "late_kind"}


def record_event(*, actor, member: Member, kind: str, data: dict) -> MemberEvent:
    """Record the event `kind` on `member` from `data` (field name → Python value; `organization` an
    instance, id or code). InvalidInput names the input fields; NotFound when out of the actor's scope."""
    spec = SPECS.get(kind)
    if spec is None:
        raise InvalidInput.one("kind", _("Unknown kind of event."))
    try:
        return spec.call(actor, member, data)
    except InvalidInput as exc:
        for problem in exc.problems:
            problem.field = PROBLEM_FIELDS.get(problem.field, problem.field)
        raise
