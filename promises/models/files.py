"""Rules for files models accept at definition time: attached documents are PDF only,
recognised by their first bytes rather than their name."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
PDF_SIGNATURE = b"%PDF-"


def validate_pdf(upload):
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is too large. Upload a PDF of at most 10 MB."), code="too_large"
        )
    upload.seek(0)
    # A PDF starts with "%PDF-"; a renamed Word file or image does not.
    start = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    if start != PDF_SIGNATURE:
        raise ValidationError(
            _("The file is not a PDF. Save the document as PDF and upload it again."),
            code="not_pdf",
        )
    if not upload.name.lower().endswith(".pdf"):
        raise ValidationError(
            _("The file name must end in .pdf."),
            code="not_pdf_name",
        )
