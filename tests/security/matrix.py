"""The expectation table of the authorisation matrix (tests/security/test_matrix.py): for every route of the
URL configuration, which identities may read it (GET answers other than 401/403/404/405 and the login
redirect) and which may write through it (POST, or the API's methods from the OpenAPI schema), all of them
holding their role at W1, with W1's records. Everyone else is refused, or at least writes nothing (no audit
entry). Records of W2 (out of scope) are refused to all. A route missing here fails the test.

The groups follow accounts.roles.ROLE_ACTIONS; `SELF` routes act on the user's own account."""

from __future__ import annotations

from dataclasses import dataclass

from dangvu.accounts.roles import Role as R
from tests.security.cast import ANONYMOUS, PLAIN_MEMBER

EVERYONE = frozenset({*R.values, PLAIN_MEMBER, ANONYMOUS})
SIGNED_IN = EVERYONE - {ANONYMOUS}
NOBODY = frozenset()
FIGURES = frozenset({R.SECRETARY, R.DEPUTY_SECRETARY, R.STANDING_MEMBER, R.COMMITTEE_MEMBER, R.OFFICE_STAFF,
                     R.ORGANIZATION_STAFF, R.INSPECTION_STAFF, R.OBSERVER})
REGISTER = FIGURES - {R.OBSERVER}
EDIT_REGISTER = frozenset({R.SECRETARY, R.DEPUTY_SECRETARY, R.OFFICE_STAFF, R.ORGANIZATION_STAFF})
OVERSIGHT = frozenset({R.SECRETARY, R.DEPUTY_SECRETARY, R.STANDING_MEMBER, R.COMMITTEE_MEMBER,
                       R.INSPECTION_STAFF})
EDIT_OVERSIGHT = frozenset({R.INSPECTION_STAFF})
DISCIPLINE = frozenset({R.STANDING_MEMBER, R.INSPECTION_STAFF})
EDIT_DISCIPLINE = frozenset({R.INSPECTION_STAFF})
TASKS = frozenset({R.SECRETARY, R.DEPUTY_SECRETARY, R.STANDING_MEMBER, R.COMMITTEE_MEMBER, R.OFFICE_STAFF,
                   R.ORGANIZATION_STAFF})
ASSIGN = frozenset({R.SECRETARY, R.DEPUTY_SECRETARY, R.STANDING_MEMBER, R.OFFICE_STAFF})
AUDIT = frozenset({R.SECRETARY, R.DEPUTY_SECRETARY, R.OFFICE_STAFF})
ISSUE = frozenset({R.SECRETARY, R.DEPUTY_SECRETARY, R.STANDING_MEMBER, R.OFFICE_STAFF})


@dataclass(frozen=True)
class Rule:
    read: frozenset  # may GET
    write: frozenset | None = None  # may POST (None: the same as read: the view answers POST like GET)
    note: str = ""

    @property
    def writers(self) -> frozenset:
        return self.read if self.write is None else self.write


# Scoped lists: every signed-in user gets the page, showing only what his or her roles reach.
LIST = Rule(SIGNED_IN)

ROUTES: dict[str, Rule] = {
    # --- the page shell, sign-in and one's own account
    "set_language": Rule(EVERYONE),
    "core:home": LIST,
    "accounts:login": Rule(EVERYONE, note="signed-in users are sent on"),
    "accounts:logout": Rule(NOBODY, SIGNED_IN, note="POST only"),
    "accounts:enrol": Rule(SIGNED_IN, note="verified staff are sent on"),
    "accounts:verify": Rule(SIGNED_IN, note="verified staff are sent on"),
    "accounts:backup_codes": Rule(NOBODY, SIGNED_IN, note="POST only: one's own codes"),
    "accounts:account": Rule(SIGNED_IN, note="one's own account"),
    "accounts:token_create": Rule(NOBODY, SIGNED_IN, note="POST only: one's own token"),
    "accounts:token_revoke": Rule(NOBODY, frozenset({R.SECRETARY}), note="W1's token is the secretary's own"),
    # --- audit log
    "audit:log": Rule(AUDIT),
    "audit:entry": Rule(AUDIT),
    # --- register
    "members:list": Rule(REGISTER),
    "members:detail": Rule(REGISTER),
    "members:event_form": Rule(EDIT_REGISTER),
    "members:admit": Rule(EDIT_REGISTER),
    "members:register": Rule(EDIT_REGISTER),
    "members:export": Rule(REGISTER),
    "members:print": Rule(REGISTER),
    "members:import": Rule(EDIT_REGISTER),
    "members:import_job": Rule(frozenset({R.OFFICE_STAFF}), note="W1's job is the office staff's own"),
    "members:import_job_status": Rule(frozenset({R.OFFICE_STAFF}), note="W1's job is the office staff's own"),
    # --- organisations, reports, cadres
    "organizations:tree": LIST,
    "organizations:detail": Rule(FIGURES),
    "organizations:restructure": Rule(EDIT_REGISTER),
    "reports:index": LIST,
    "reports:rules": Rule(SIGNED_IN, NOBODY, note="the rules in force: public Party texts, read-only"),
    "reports:dashboard": Rule(FIGURES),
    "reports:annual": Rule(FIGURES),
    "reports:annual_file": Rule(FIGURES),
    "reports:register": Rule(FIGURES),
    "reports:issued_file": Rule(FIGURES),
    "reports:issue": Rule(NOBODY, ISSUE, note="POST only"),
    "cadres:coverage": Rule(REGISTER, EDIT_REGISTER),
    # --- inspection and supervision
    "oversight:deadlines": LIST,
    "oversight:programmes": LIST,
    "oversight:reviews": LIST,
    "oversight:subjects": Rule(EDIT_OVERSIGHT),
    "oversight:programme_create": Rule(EDIT_OVERSIGHT),
    "oversight:programme": Rule(OVERSIGHT),
    "oversight:item_create": Rule(EDIT_OVERSIGHT),
    "oversight:item_edit": Rule(EDIT_OVERSIGHT),
    "oversight:review": Rule(OVERSIGHT),
    "oversight:review_create": Rule(EDIT_OVERSIGHT),
    "oversight:review_conclude": Rule(EDIT_OVERSIGHT),
    "oversight:recommendation_create": Rule(EDIT_OVERSIGHT),
    "oversight:recommendation_done": Rule(NOBODY, EDIT_OVERSIGHT, note="POST only"),
    "oversight:recommendation_status": Rule(EDIT_OVERSIGHT),
    # --- discipline (confidential)
    "oversight:cases": LIST,
    "oversight:case_create": Rule(EDIT_DISCIPLINE),
    "oversight:case": Rule(DISCIPLINE),
    "oversight:case_close": Rule(EDIT_DISCIPLINE),
    "oversight:decision_create": Rule(EDIT_DISCIPLINE),
    "oversight:decision": Rule(DISCIPLINE),
    "oversight:appeal_create": Rule(EDIT_DISCIPLINE),
    "oversight:appeal_decide": Rule(EDIT_DISCIPLINE),
    # --- work plans and tasks
    "workplans:mine": LIST,
    "workplans:inbox": LIST,
    "workplans:board": Rule(TASKS),
    "workplans:accountability": Rule(TASKS),
    "workplans:task": Rule(TASKS),
    "workplans:task_create": Rule(ASSIGN),
    "workplans:owner_search": Rule(ASSIGN),
    "workplans:reassign": Rule(ASSIGN),
    "workplans:progress": Rule(NOBODY, TASKS, note="POST only; refusals redirect without writing"),
    "workplans:extension": Rule(NOBODY, TASKS, note="POST only; refusals redirect without writing"),
    "workplans:cancel": Rule(NOBODY, TASKS, note="POST only; refusals redirect without writing"),
    "workplans:decide": Rule(NOBODY, TASKS, note="POST only; refusals redirect without writing"),
    "workplans:plan": Rule(TASKS),
    "workplans:plan_create": Rule(ASSIGN),
    "workplans:plan_item_create": Rule(ASSIGN),
    "workplans:target_create": Rule(ASSIGN),
    "workplans:target_report": Rule(ASSIGN),
    "workplans:directive": Rule(TASKS),
    "workplans:directive_create": Rule(ASSIGN),
    "workplans:directive_export": Rule(TASKS),
    # --- REST API (bearer tokens; methods from the OpenAPI schema)
    "api:api-root": Rule(NOBODY),
    "api:unknown": Rule(NOBODY, note="any other path under /api/, any method: a JSON 404"),
    "api:openapi-json": Rule(EVERYONE, note="the schema is public"),
    "api:openapi-view": Rule(EVERYONE, note="the schema is public"),
    "api:me": Rule(SIGNED_IN),
    "api:organization_list": Rule(SIGNED_IN),
    "api:organization_detail": Rule(FIGURES),
    "api:member_list": Rule(REGISTER),
    "api:member_detail": Rule(REGISTER),
    "api:member_event": Rule(NOBODY, NOBODY, note="an empty payload is refused (400): nobody writes"),
    "api:stats": Rule(FIGURES),
    "api:task_list": Rule(SIGNED_IN),
    "api:task_overdue": Rule(TASKS),
    "api:task_detail": Rule(TASKS),
    "api:task_progress": Rule(NOBODY, NOBODY, note="an empty payload is refused (400): nobody writes"),
    "api:review_list": Rule(SIGNED_IN),
    "api:recommendation_list": Rule(SIGNED_IN),
}
