"""Read-only queries that feed pages. They never change data and never run the engine."""
