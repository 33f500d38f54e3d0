"""Notebook-facing views: figures and HTML built from the analyses, one module per report.

Report notebooks stay thin: a parameters cell, then calls into ``newsdesk`` and these views.
"""
