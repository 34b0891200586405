"""``rasa run`` with the HTTP API's token taken from the environment, not the command line.

``ecoassist serve rasa`` executes this file with the Rasa environment's Python and the
token in ``ECOASSIST_RASA_TOKEN``; a token passed as ``--auth-token`` would be readable by
every local user in ``ps``. The remaining arguments are those of ``rasa run``.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    token = os.environ.pop("ECOASSIST_RASA_TOKEN", "")
    if not token:
        sys.exit("ECOASSIST_RASA_TOKEN is not set")
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "run", *sys.argv[1:], "--auth-token", token]
    rasa_main()


if __name__ == "__main__":
    main()
