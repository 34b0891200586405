"""Answering: what the assistant says to a question, from a search result.

``consultation`` (answer, admit doubt or decline) and ``answer`` (the excerpt
and its citation). Depends on ``documents``, ``search`` and ``payloads``.
"""
