"""Rows set aside by an analyst's explicit choice: kept with the reason, shown on data quality."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa

QUARANTINE = "_quarantine"


def quarantine_table(
    table: str, merged: pa.Table, mask: np.ndarray, reasons: np.ndarray, line_of
) -> pa.Table:
    """One row per set-aside row: table, file, line, the first broken rule, the row as JSON."""
    idx = np.flatnonzero(mask)
    rows = merged.take(pa.array(idx)).to_pylist()
    out = {"table": [], "file": [], "line": [], "rule": [], "record": []}
    for i, row in zip(idx.tolist(), rows, strict=True):
        file, record_row = row.pop("_file"), row.pop("_row")
        out["table"].append(table)
        out["file"].append(file)
        out["line"].append(line_of(file, record_row))
        out["rule"].append(reasons[i])
        out["record"].append(json.dumps(row, default=str, ensure_ascii=False))
    schema = pa.schema(
        [
            ("table", pa.string()),
            ("file", pa.string()),
            ("line", pa.int64()),
            ("rule", pa.string()),
            ("record", pa.string()),
        ]
    )
    return pa.table(out, schema=schema)
