"""Terms and executive-committee posts: who held which post on a date."""

import datetime as dt

import pytest

from dangvu.core.errors import InvalidInput
from dangvu.organizations import selectors, services
from dangvu.organizations.models import Post


@pytest.fixture
def term(tree):
    return services.open_term(actor=None, organization=tree["W1"], number=1, start_on=dt.date(2020, 10, 1),
                              end_on=dt.date(2025, 10, 1))


def test_holder_of_answers_for_the_date(tree, people, term):
    w1 = tree["W1"]
    services.assign_post(actor=None, term=term, member=people["dung"], post=Post.SECRETARY,
                         from_on=dt.date(2020, 10, 1))
    services.assign_post(actor=None, term=term, member=people["an"], post=Post.DEPUTY_SECRETARY,
                         from_on=dt.date(2020, 10, 1))
    assert selectors.holder_of(w1, Post.SECRETARY, dt.date(2020, 9, 30)) is None
    assert selectors.holder_of(w1, Post.SECRETARY, dt.date(2021, 1, 1)) == people["dung"]
    with pytest.raises(InvalidInput) as exc:  # one secretary at a time
        services.assign_post(actor=None, term=term, member=people["cuong"], post=Post.SECRETARY,
                             from_on=dt.date(2022, 1, 1))
    assert exc.value.problems[0].field == "post"

    held = selectors.committee_on(w1, dt.date(2021, 1, 1))
    services.end_post(actor=None, post=held[0], on=dt.date(2022, 1, 1))
    services.assign_post(actor=None, term=term, member=people["cuong"], post=Post.SECRETARY,
                         from_on=dt.date(2022, 1, 1))
    assert selectors.holder_of(w1, Post.SECRETARY, dt.date(2021, 12, 31)) == people["dung"]
    assert selectors.holder_of(w1, Post.SECRETARY, dt.date(2022, 1, 1)) == people["cuong"]
    assert selectors.holder_of(w1, Post.SECRETARY, dt.date(2025, 10, 1)) is None  # the term ended
    posts = [p.post for p in selectors.committee_on(w1, dt.date(2023, 1, 1))]
    assert posts == [Post.SECRETARY, Post.DEPUTY_SECRETARY]


def test_post_needs_a_member_of_the_subtree_and_a_date_in_the_term(tree, people, term):
    with pytest.raises(InvalidInput) as exc:
        services.assign_post(actor=None, term=term, member=people["em"], post=Post.COMMITTEE_MEMBER,
                             from_on=dt.date(2021, 1, 1))
    assert exc.value.problems[0].field == "member"
    with pytest.raises(InvalidInput) as exc:
        services.assign_post(actor=None, term=term, member=people["an"], post=Post.COMMITTEE_MEMBER,
                             from_on=dt.date(2019, 1, 1))
    assert exc.value.problems[0].field == "from_on"


def test_a_new_term_ends_the_open_one(tree):
    first = services.open_term(actor=None, organization=tree["W2"], number=1, start_on=dt.date(2015, 10, 1))
    second = services.open_term(actor=None, organization=tree["W2"], number=2, start_on=dt.date(2020, 10, 1))
    first.refresh_from_db()
    assert first.end_on == dt.date(2020, 10, 1)
    assert selectors.term_on(tree["W2"], dt.date(2021, 1, 1)) == second
    with pytest.raises(InvalidInput):
        services.open_term(actor=None, organization=tree["W2"], number=2, start_on=dt.date(2025, 10, 1))


def test_merge_ends_the_committee_of_the_closed_unit(tree, people, term):
    post = services.assign_post(actor=None, term=term, member=people["dung"], post=Post.SECRETARY,
                                from_on=dt.date(2020, 10, 1))
    services.restructure(actor=None, on=dt.date(2023, 1, 1), operation="merge", organization="W1",
                         target="W2")
    post.refresh_from_db()
    term.refresh_from_db()
    assert post.to_on == term.end_on == dt.date(2023, 1, 1)
    assert selectors.holder_of(tree["W1"], Post.SECRETARY, dt.date(2022, 12, 31)) == people["dung"]
