"""The home page: the user's roles and what needs the user's attention. The items come from the apps that
own them (members.todo, oversight.selectors, workplans.attention); a module that has such items adds one
call in `items_for`; there is no hook registry."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from dangvu.accounts import selectors as access
from dangvu.core.attention import AttentionItem, ranked
from dangvu.members import todo as member_todo
from dangvu.oversight.selectors import attention as oversight_attention
from dangvu.workplans.attention import attention as task_attention


def items_for(user) -> list[AttentionItem]:
    """The items for `user`. Each module's function returns items already limited to the user's scope
    (accounts.selectors)."""
    items: list[AttentionItem] = []
    items += member_todo.attention(user)
    items += oversight_attention(user)
    items += task_attention(user)
    return ranked(items)


@login_required
def home(request):
    roles = sorted(access.roles_held(request.user), key=lambda ra: (ra.organization.name, ra.role))
    return render(request, "core/home.html", {
        "organization": access.home_organization(request.user),
        "roles": roles,
        "attention": items_for(request.user) if roles else [],
    })
