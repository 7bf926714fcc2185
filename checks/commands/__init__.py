"""One module per ``lis`` command, each with ``add_parser`` and ``run``."""

import argparse


def add_root_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument("--root", default=".", help="projektets rotmapp (standard: aktuell mapp)")


def add_today_argument(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--today",
        help="dagens datum, ÅÅÅÅ-MM-DD (standard: miljövariabeln LIS_TODAY eller systemets datum)",
    )
