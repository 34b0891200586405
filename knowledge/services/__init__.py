"""Service items (好办/快办): the catalogue, eligibility rules, walk-throughs and the record.

``catalogue`` (the YAML items), ``eligibility`` (rules over answers), ``walkthrough``
(reading one reply), ``references`` (the catalogue's legal basis against the knowledge
base), ``preapplication`` (the summary and record at the end) and ``scenarios`` (worked
walk-throughs of every item, evaluation data). Depends on ``documents``, ``texts`` and
``payloads``.
"""
