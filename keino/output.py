"""Where the commands print tables: standard output, as wide as the table needs.

Rich sizes a console to the terminal, and to 80 columns when standard output
is a pipe or a file, so `keino query … | less` cut every wide table at column
80. Piped output now gets room for the whole table; a terminal keeps its width
(Rich wraps long cells there instead of cutting them).
"""

from __future__ import annotations

import sys

from rich.console import Console

#: the width of piped output: wider than any table row the commands print
PIPE_WIDTH = 1000


def table_console() -> Console:
    """A console on standard output that never cuts a table at 80 columns."""
    return Console(width=None if sys.stdout.isatty() else PIPE_WIDTH)
