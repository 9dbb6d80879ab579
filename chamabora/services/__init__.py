"""The service layer: one unit of work per use case, loading and saving
through SQLAlchemy and asking `chamabora.core` for every money rule."""
