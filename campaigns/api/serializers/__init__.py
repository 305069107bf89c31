"""Serializers for the campaigns API, one module per resource. Output and input are separate."""
