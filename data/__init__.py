"""Data layer: catalogues, the versioned store, demo data and Excel imports."""
