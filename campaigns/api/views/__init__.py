"""Thin API views: validate input, call a service or selector, serialise the result."""
