"""The package's models, one module each; import them from here."""

from .expert import Expert

__all__ = ["Expert"]
