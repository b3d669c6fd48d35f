"""Excel/CSV import: sniff -> read -> table_shapes -> build (match, clean) -> validate -> preview -> service.

Public entry points live in `data.imports.service` (analyse, stage, publish_revision, ...),
`data.imports.templates` (long_template, wide_template), `data.imports.cli` and `data.imports.http`.
"""
