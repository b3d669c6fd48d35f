"""Reporting rounds (报送): periods and deadlines, region-scoped accounts, batches (批次) with their original
files and cell provenance, notifications, and the state grid that the 报送 page and the rankings share.

Every function takes a connection (the caller's transaction) and plain values; pages, the API and the CLI
call these, so a rule lives in one place.
"""
