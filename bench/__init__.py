"""Benchmarks of the overlay, the generated client and other Qualtrics clients, against the local mock."""
