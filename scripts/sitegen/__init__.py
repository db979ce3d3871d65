"""Behaviour of the resettlement partner site: everything MkDocs hooks and scripts/docs.py share.

Each module is usable without MkDocs, so the tests call it directly.
"""
