"""The one error policy of the ``lis`` command (pre-commit's ``error_handler`` is the model).

Bad content is never an exception: it is a finding. What is left is either a
:class:`ProjectError` (the tool cannot run: no project, bad settings or
arguments) or a bug; both end as one Swedish line on standard error and exit
code 2, never a traceback (``LIS_DEBUG=1`` shows it for developers).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager

EXIT_TOOL = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a command stopped with Ctrl+C
DEBUG_ENV = "LIS_DEBUG"
INTERRUPTED = (
    "lis: avbrutet med Ctrl+C. Det som redan var skrivet är helt; en avbruten ändring slutförs "
    "av nästa redigerande kommando."
)


class ProjectError(Exception):
    """The tool cannot run: no project at the given folder, unreadable settings, bad arguments."""


class ExitCode(Exception):
    """Raised inside :func:`error_handler` to leave with a given code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


@contextmanager
def error_handler(print_err: Callable[[str], None] | None = None) -> Iterator[None]:
    """Turn what escapes a command into one line on stderr and exit code 2 (130 on Ctrl-C)."""
    from checks.safetext import safe_text

    def say(text: str) -> None:
        # an argument or a file's content may hold an escape sequence: shown, never obeyed
        (print_err or (lambda line: print(line, file=sys.stderr)))(safe_text(text))

    try:
        yield
    except ExitCode:
        raise
    except ProjectError as err:
        say(f"lis: {err}")
        raise ExitCode(EXIT_TOOL) from None
    except KeyboardInterrupt:
        say(INTERRUPTED)
        raise ExitCode(EXIT_INTERRUPTED) from None
    except RecursionError:
        say("lis: innehållet är för djupt nästlat för att kunna läsas (RecursionError).")
        raise ExitCode(EXIT_TOOL) from None
    except MemoryError:
        say("lis: minnet tog slut när innehållet lästes. Kontrollera att inga filer är orimligt stora.")
        raise ExitCode(EXIT_TOOL) from None
    except Exception as err:  # a bug: say so in one line, never a traceback for the user
        if os.environ.get(DEBUG_ENV):
            raise
        say(
            f"lis: ett oväntat fel stoppade kommandot ({type(err).__name__}: {err}). "
            f"Kör igen med {DEBUG_ENV}=1 för detaljer och rapportera felet."
        )
        raise ExitCode(EXIT_TOOL) from None
