"""The package's models, one module each; import them from here."""
