"""Behaviour of the resettlement partner site: its MkDocs plugin and everything scripts/docs.py does.

Each module is usable without MkDocs, so the tests call it directly.
"""
