"""Excel/CSV import: sniff -> read -> table_shapes -> build (match, clean) -> validate -> preview -> service.

Public entry points live in `data.imports.service` (analyse, stage, publish_revision, ...),
`data.imports.templates` (long_template, wide_template); the HTTP route and the command line that call
them are `server.imports.http` and `server.imports.cli`.
"""
