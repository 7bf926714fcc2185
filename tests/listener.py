"""A local HTTP server that records every request: the intranet a page could make lis probe.

Its silence means something only because it hears a plain request (tests/test_pdf.py
checks that first).
"""

from __future__ import annotations

import base64
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

# a 1×1 PNG
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAfbLI3wAAAABJRU5ErkJggg=="
)


class Listener:
    """A local HTTP server that records every request it gets."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        seen = self.requests

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                seen.append(self.path)
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.end_headers()
                self.wfile.write(PNG)

            def log_message(self, *args: object) -> None:
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def listener() -> Iterator[Listener]:
    server = Listener()
    yield server
    server.close()


def remote_images(root: Path, listener: Listener, tmp_path: Path) -> None:
    """check_quiet with remote and file:// images and downloads in the review, a routine and a catalog text."""
    secret = tmp_path / "hemlig.png"
    secret.write_bytes(PNG)
    review = root / "docs" / "genomgang.md"
    review.write_text(
        review.read_text(encoding="utf-8")
        + f"\n![karta]({listener.url}/karta.png)\n\n```{{figure}} file://{secret}\nFigur\n```\n"
        f"\n```{{image}} //127.0.0.1:{listener.port}/protokollfri.png\n```\n"
        f"\n{{download}}`bilaga <{listener.url}/bilaga.pdf>`\n",
        encoding="utf-8",
    )
    routines = root / "docs" / "rutiner.md"
    routines.write_text(
        routines.read_text(encoding="utf-8") + f"\n![logga]({listener.url}/logga.png)\n", encoding="utf-8"
    )
    catalog = root / "requirements" / "quiet.yaml"
    text = catalog.read_text(encoding="utf-8")
    assert "text: Uppfylls av RUT-001." in text
    catalog.write_text(
        text.replace("text: Uppfylls av RUT-001.", f'text: "Uppfylls av RUT-001. ![schema]({listener.url}/schema.png)"', 1),
        encoding="utf-8",
    )
