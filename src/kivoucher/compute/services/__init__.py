"""Writes of line II, one module per aggregate."""
