"""Figures: the one DuckDB base over a data version, the SQL query catalogue (`queries/`), and
every metric, trend, breakdown and data-quality check computed from it. No Streamlit here."""
