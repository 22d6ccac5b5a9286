"""The analysts' contract document is generated from the code and cannot drift from it."""

from dashboard.ingest import contract, contract_doc
from dashboard.settings import ROOT


def test_document_matches_the_code():
    on_disk = (ROOT / "docs" / "extract-contract.md").read_text(encoding="utf-8")
    assert on_disk == contract_doc.render(), (
        "docs/extract-contract.md is stale: run `python -m dashboard.ingest.contract_doc > "
        "docs/extract-contract.md`"
    )


def test_document_names_every_table_and_column():
    text = contract_doc.render()
    for table in contract.TABLES.values():
        assert f"### {table.name}.csv" in text
        for column in table.columns:
            assert f"| `{column.name}` |" in text
