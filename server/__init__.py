"""Server-side plumbing: settings, accounts, API, exports and operations."""
