"""Writes for the campaigns app, one module per resource (brands, campaigns, quotes, ...)."""
