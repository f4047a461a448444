"""Alembic migrations, shipped inside the package (see reportsvc.migrate)."""
