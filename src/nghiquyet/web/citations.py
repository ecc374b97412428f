"""A document named by a citation typed into a form field, for any app's forms.

It lives apart from ``web.pages`` because it reads the documents app: the organisation and
account pages, which sit below the domain apps, use ``web.pages`` and must not depend on it.
"""

from django.http import HttpRequest

from nghiquyet.core.errors import InvalidInputError, NotFoundError
from nghiquyet.documents.citations import CitationError
from nghiquyet.documents.models import Document
from nghiquyet.documents.selectors import document_resolve_text


def resolve_document_field(request: HttpRequest, text: str, field: str) -> Document | None:
    """The document that a citation typed into ``field`` names (``None`` when left empty).

    A citation that cannot be read, or names a document the user cannot see, raises
    ``InvalidInputError`` on ``field``, so ``form_page`` shows it under that field.
    """
    if not text.strip():
        return None
    try:
        return document_resolve_text(request.user, text)
    except (CitationError, NotFoundError) as exc:
        raise InvalidInputError.single(field, exc.message) from None
