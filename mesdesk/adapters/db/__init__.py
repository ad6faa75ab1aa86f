"""PostgreSQL through SQLAlchemy Core."""
