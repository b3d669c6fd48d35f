"""Alembic environment: the connection comes from data.db.migrate(), never from an ini file."""
from alembic import context

from data.schema import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
