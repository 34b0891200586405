"""``rasa run`` with the HTTP API's token taken from the environment, not the command line.

``ecoassist serve rasa`` runs this module (``python -m bot.launcher``, from the project root)
with the Rasa environment's Python and the token in ``ECOASSIST_RASA_TOKEN``; a token passed
as ``--auth-token`` would be readable by every local user in ``ps``. The remaining arguments
are those of ``rasa run``. Before Rasa starts, two of its hot paths get the same answers
faster: the check of the action server's answers (:mod:`bot.action_responses`) and the lookup
of event classes (:mod:`bot.event_types`).
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Install the faster hot paths, then run ``rasa run`` with the arguments given and the token."""
    token = os.environ.pop("ECOASSIST_RASA_TOKEN", "")
    if not token:
        sys.exit("ECOASSIST_RASA_TOKEN is not set")
    from rasa.__main__ import main as rasa_main

    from bot import action_responses, event_types

    action_responses.install()
    event_types.install()

    sys.argv = ["rasa", "run", *sys.argv[1:], "--auth-token", token]
    rasa_main()


if __name__ == "__main__":
    main()
