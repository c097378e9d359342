"""URL kwargs of each route, filled from one side of the security cast: `pk: "case"` takes the case's pk,
`code: "ward"` the ward's code; other values are fixed (`fmt: "csv"`)."""

KWARGS = {
    "accounts:token_revoke": {"pk": "token"},
    "audit:entry": {"seq": "entry.seq"},
    "members:import_job": {"pk": "job"},
    "members:import_job_status": {"pk": "job"},
    "members:export": {"fmt": "=csv"},
    "members:detail": {"code": "member"},
    "members:event_form": {"code": "member"},
    "organizations:detail": {"code": "ward"},
    "oversight:programme": {"pk": "programme"},
    "oversight:item_create": {"pk": "programme"},
    "oversight:item_edit": {"pk": "item"},
    "oversight:review": {"pk": "review"},
    "oversight:review_conclude": {"pk": "review"},
    "oversight:recommendation_create": {"pk": "review"},
    "oversight:recommendation_done": {"pk": "recommendation"},
    "oversight:recommendation_status": {"pk": "recommendation"},
    "oversight:case": {"pk": "case"},
    "oversight:decision_create": {"pk": "case"},
    "oversight:case_close": {"pk": "case"},
    "oversight:decision": {"pk": "decision"},
    "oversight:appeal_create": {"pk": "decision"},
    "oversight:appeal_decide": {"pk": "appeal"},
    "oversight:reviews": {"activity": "=inspection"},
    "oversight:review_create": {"activity": "=inspection"},
    "reports:issued_file": {"pk": "document"},
    "reports:dashboard": {"code": "ward"},
    "reports:annual": {"code": "ward"},
    "reports:issue": {"code": "ward"},
    "reports:annual_file": {"code": "ward", "fmt": "=json"},
    "reports:register": {"code": "ward"},
    "workplans:plan_item_create": {"pk": "plan"},
    "workplans:target_create": {"pk": "plan"},
    "workplans:target_report": {"pk": "target"},
    "workplans:task": {"pk": "task"},
    "workplans:reassign": {"pk": "task"},
    "workplans:progress": {"pk": "task"},
    "workplans:extension": {"pk": "task"},
    "workplans:cancel": {"pk": "task"},
    "workplans:decide": {"pk": "extension"},
    "workplans:plan": {"pk": "plan"},
    "workplans:directive": {"pk": "directive"},
    "workplans:directive_export": {"pk": "directive", "fmt": "=xlsx"},
    "api:organization_detail": {"code": "ward"},
    "api:member_detail": {"code": "member"},
    "api:member_event": {"code": "member"},
    "api:task_detail": {"task_id": "task"},
    "api:task_progress": {"task_id": "task"},
}


# Query parameters a route needs to do its work at all, filled the same way.
QUERY = {
    "members:event_form": {"kind": "=death"},
    "api:stats": {"org": "ward.code", "from": "=2024-01-01", "to": "=2024-12-31"},
    "api:task_overdue": {"org": "ward.code"},
    "api:member_list": {"org": "ward.code"},
    "members:list": {"org": "ward.code"},
    "members:export": {"org": "ward.code"},
}


def fill(name: str, side, table: dict = KWARGS) -> dict:
    """The kwargs of route `name` for `side` (a namespace of the cast); {} for routes without any."""
    out = {}
    for key, source in table.get(name, {}).items():
        if source.startswith("="):
            out[key] = source[1:]
            continue
        attr, _dot, field = source.partition(".")
        obj = getattr(side, attr)
        out[key] = getattr(obj, field) if field else (obj.code if key == "code" else obj.pk)
    return out


def query(name: str, side) -> dict:
    return fill(name, side, QUERY)


def has_objects(name: str) -> bool:
    sources = [*KWARGS.get(name, {}).values(), *QUERY.get(name, {}).values()]
    return any(not v.startswith("=") for v in sources)
