"""One correlation id per user action: per web request, per CLI command, per outermost audit.atomic() in
a shell; the origin (web, api, cli:<command>, system) is part of the actor label."""

import datetime as dt
import sys

import pytest
from django.core.management import call_command
from django.http import HttpResponse
from django.test import RequestFactory

from dangvu.accounts.models import User
from dangvu.audit import services as audit
from dangvu.audit.middleware import CorrelationMiddleware
from dangvu.audit.models import AuditEntry
from dangvu.core.management.base import DangvuCommand


def _write_twice(actor=None):
    with audit.atomic():
        audit.record(actor=actor, action="test.first")
    audit.record(actor=actor, action="test.second")  # outside audit.atomic(): its own transaction


def _last(n):
    return list(AuditEntry.objects.order_by("-seq")[:n])[::-1]


@pytest.fixture
def alice(db):
    return User.objects.create_user("alice", full_name="Alice")


class WriteTwice(DangvuCommand):
    help = "Ghi hai bản ghi / Write two entries"

    def handle(self, *args, **options):
        _write_twice(options.get("actor"))


@pytest.mark.django_db
def test_the_entries_of_one_request_share_an_id_and_two_requests_differ(alice):
    def view(request):
        _write_twice(request.user)
        return HttpResponse("ok")

    middleware = CorrelationMiddleware(view)
    ids = []
    for path in ("/members/1/edit/", "/api/members/1"):
        request = RequestFactory().post(path)
        request.user = alice
        middleware(request)
        first, second = _last(2)
        assert first.correlation_id == second.correlation_id
        ids.append(first.correlation_id)
        assert first.actor_id == alice.pk
    assert ids[0] != ids[1]
    labels = list(AuditEntry.objects.order_by("seq").values_list("actor_label", flat=True))
    assert labels == ["alice (web)", "alice (web)", "alice (api)", "alice (api)"]


@pytest.mark.django_db
def test_the_entries_of_one_command_share_an_id_and_two_commands_differ():
    call_command(WriteTwice())
    one = _last(2)
    call_command(WriteTwice())
    two = _last(2)
    assert one[0].correlation_id == one[1].correlation_id
    assert two[0].correlation_id == two[1].correlation_id
    assert one[0].correlation_id != two[0].correlation_id
    for entry in one + two:
        assert entry.actor_id is None
        assert entry.actor_label == "system (cli:test_context)"


@pytest.mark.django_db
def test_outside_a_request_or_command_each_audit_transaction_is_one_action():
    with audit.atomic():
        audit.record(actor=None, action="shell.one")
        with audit.atomic():
            audit.record(actor=None, action="shell.two")
    audit.record(actor=None, action="shell.three")
    audit.record(actor=None, action="shell.four")
    one, two, three, four = _last(4)
    assert one.correlation_id == two.correlation_id
    assert len({one.correlation_id, three.correlation_id, four.correlation_id}) == 3
    assert one.actor_label == "system (system)"  # the test runner is a script, not a command


@pytest.mark.django_db
def test_a_shell_or_plain_django_command_is_labelled_as_the_command_line(monkeypatch, alice):
    monkeypatch.setattr(sys, "argv", ["manage.py", "shell"])
    audit.record(actor=alice, action="shell.write")
    monkeypatch.setattr(sys, "argv", ["/usr/local/bin/dangvu", "demo"])
    audit.record(actor=None, action="demo.write")
    labels = [e.actor_label for e in _last(2)]
    assert labels == ["alice (cli:shell)", "system (cli:demo)"]


@pytest.mark.django_db
def test_an_entry_records_when_it_was_made():
    before = dt.datetime.now(dt.UTC)
    audit.record(actor=None, action="timed")
    (entry,) = _last(1)
    assert before <= entry.at <= dt.datetime.now(dt.UTC)
