"""Synth: the seeded synthetic extract (all eight contract tables) that the demo and the
tests use."""
