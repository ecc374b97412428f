"""Pages of the document register; each view calls one selector or service."""
