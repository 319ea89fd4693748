"""Banmian: Chinese broadsheet pages from YAML editions.

Stages: spec → content model → composed lines → placed boxes → drawing.
"""
__version__ = "0.1.0"
