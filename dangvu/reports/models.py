"""The committee's document register (Hướng dẫn 36-HD/VPTW: "Số 12-BC/TU"): one counter per committee,
document type and term, and every issued document with its bytes kept unchanged. Tables only; numbering
and issuing are in services.py."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DocType(models.TextChoices):
    REPORT = "BC", _("Report (BC)")


class DocumentCounter(models.Model):
    """The last number given to a document type of a committee in one series (a term, or `-` for a
    committee without a recorded term). Numbers restart at 01 with each term."""

    organization = models.ForeignKey("organizations.Organization", on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(max_length=5, choices=DocType.choices)
    series = models.CharField(max_length=20)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "doc_type", "series"], name="doccounter_unique")
        ]

    def __str__(self):
        return f"{self.organization_id} {self.doc_type} {self.series}: {self.last}"


class IssuedDocument(models.Model):
    """A document as issued: its number, what it covers, and the exact bytes handed out (their SHA-256
    is also in the audit log)."""

    organization = models.ForeignKey(
        "organizations.Organization", verbose_name=_("issuing committee"), on_delete=models.PROTECT,
        related_name="issued_documents",
    )
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocType.choices)
    term = models.ForeignKey("organizations.Term", verbose_name=_("term"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="+")
    series = models.CharField(max_length=20)
    number = models.PositiveIntegerField(_("number"))
    code = models.CharField(_("document number"), max_length=50)
    title = models.CharField(_("title"), max_length=500)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to"))
    document_date = models.DateField(_("document date"))
    format = models.CharField(_("format"), max_length=5)
    filename = models.CharField(_("file name"), max_length=200)
    content = models.BinaryField(editable=False)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "doc_type", "series", "number"],
                                    name="issueddocument_unique_number"),
        ]
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")

    def __str__(self):
        return f"{self.code} {self.title}"


class DraftState:
    """The life of a report before it has a number: the office prepares, the secretary (or the deputy
    who signs for the standing committee) approves, then the number is taken on issue."""

    PREPARED = "prepared"
    APPROVED = "approved"
    ISSUED = "issued"
    CHOICES = [(PREPARED, _("Prepared")), (APPROVED, _("Approved")), (ISSUED, _("Issued"))]


class ReportDraft(models.Model):
    """A report in preparation for one committee and period (reports.services: one function per move)."""

    organization = models.ForeignKey("organizations.Organization", verbose_name=_("issuing committee"),
                                     on_delete=models.PROTECT, related_name="+")
    doc_type = models.CharField(_("document type"), max_length=5, choices=DocType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    period_to = models.DateField(_("period to"))
    state = models.CharField(_("state"), max_length=10, choices=DraftState.CHOICES,
                             default=DraftState.PREPARED)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    issued = models.OneToOneField(IssuedDocument, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="draft")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report draft")
        verbose_name_plural = _("report drafts")

    def __str__(self):
        return f"{self.organization_id} {self.doc_type} {self.year} {self.state}"
