"""Ingest: an analyst's extract read, parsed, checked against the contract and merged with the
current data, then committed as a new store version (or refused with a report). The one upload path
of the command line and the browser."""
