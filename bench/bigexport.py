"""A response-export zip of any size, built in the mock process from the mock's own CSV export.

The first survey's real export (three header rows and 200 responses, rendered by the mock) is repeated,
with fresh response ids, until the CSV reaches the asked size; it is deflated like a Qualtrics export.
"""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

from qualtrics_mock.export_layout import render
from qualtrics_mock.state import MockQualtrics

_FAST_DEFLATE = 1  # level 1: building a GB must take seconds, not minutes


def build_big_zip(mock: MockQualtrics, target_bytes: int) -> tuple[str, bytes]:
    brand = mock.brands["mockbrand"]
    survey: dict[str, Any] = next(iter(brand.surveys.values()))
    responses = list(brand.responses[survey["id"]].values())
    text = render(survey, responses, {"format": "csv"}).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[:3], rows[3:]
    id_column = header[0].index("ResponseId") if "ResponseId" in header[0] else None
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=_FAST_DEFLATE) as archive,
        archive.open(f"{survey['name']}.csv", "w", force_zip64=True) as member,
    ):
        text_out = io.TextIOWrapper(member, encoding="utf-8", newline="")
        writer = csv.writer(text_out, lineterminator="\r\n")
        writer.writerows(header)
        written, serial = 0, 0
        while written < target_bytes:
            chunk = io.StringIO()
            block = csv.writer(chunk, lineterminator="\r\n")
            for row in body:
                serial += 1
                if id_column is not None:
                    row = [*row[:id_column], f"R_{serial:015d}", *row[id_column + 1 :]]
                block.writerow(row)
            data = chunk.getvalue()
            text_out.write(data)
            written += len(data)
        text_out.flush()
        text_out.detach()
    return f"{survey['name']}.zip", buffer.getvalue()
