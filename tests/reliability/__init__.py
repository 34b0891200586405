"""The reliability harness of issue 17: load, faults and hostile input against the real system.

``scripts/reliability.py`` (``make reliability``) runs all of it at full size and writes the
figures behind ``docs/reliability.md``; ``test_smoke.py`` runs a small version inside ``make test``.
"""
