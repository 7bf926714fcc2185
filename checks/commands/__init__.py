"""One module per ``lis`` command, each with ``add_parser`` and ``run``."""
