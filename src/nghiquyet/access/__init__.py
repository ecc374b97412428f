"""The access layer every app uses: roles and actions (``roles``), subtree scoping with declared
visibility (``scoping``) and API authentication by bearer token or session (``tokens``).

It sits between ``core`` and the apps: it depends on ``core`` and reads the ``accounts`` tables
(memberships, tokens); every domain app reads through ``visible_to`` and checks writes with
``can``. See docs/decisions/0009-access-layer.md.
"""
