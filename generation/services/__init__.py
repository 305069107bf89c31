"""Writes for the generation app, one module per resource (``jobs``, ``motions``).

Kept empty on purpose: importing the package must stay cheap and must never pull in the model.
"""
