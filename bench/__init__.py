"""mailgate's benchmark: a load generator, the servers it measures and the report (see README.md)."""
