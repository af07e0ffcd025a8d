"""Bytes to checked rows to a data version: reading, layouts, cell rules, validation, commit, SIPRI."""
