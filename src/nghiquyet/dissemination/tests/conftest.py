from nghiquyet.documents.tests.conftest import make_doc, terms

__all__ = ["make_doc", "terms"]
