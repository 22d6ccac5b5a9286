"""Synth: the seeded synthetic extract (the eight contract tables of records, and illustrative
targets) that the demo and the tests use."""
