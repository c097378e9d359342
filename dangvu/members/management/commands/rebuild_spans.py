from django.utils.translation import gettext_lazy as _

from dangvu.core.management.base import DangvuCommand
from dangvu.members.models import Member, MembershipSpan
from dangvu.members.spans import rebuild_all


class Command(DangvuCommand):
    help = (
        "Dựng lại các khoảng sinh hoạt đảng của mọi đảng viên từ các sự kiện / "
        "Rebuild every member's membership spans and current state from the events."
    )

    def handle(self, *args, **options):
        written = rebuild_all()
        members = Member.objects.count()
        self.stdout.write(
            str(
                _("Members: %(members)d; spans written: %(spans)d; spans stored: %(stored)d")
                % {"members": members, "spans": written, "stored": MembershipSpan.objects.count()}
            )
        )
