"""The read layer: everything that turns the published snapshot into a figure, a rank, a period choice or
a sentence, used alike by the pages (layouts/), the API (server/api), the exports (server/exports) and
meeting mode.

Layer order: indicators -> data -> figures -> server/api, server/exports, layouts -> app. Modules here import
only from indicators/ and data/ (never server/ or layouts/); the caller passes the snapshot and the
settings it needs (home county, comparison group).

Modules:
- completeness: which expected units have a published figure for (indicator, period) -> 已报 n/N, and
  whether a rank may be published (the rule, once).
- ranking: the one ranking on any measure (总量, 同比, 占比, 完成率), with the completeness rule applied.
- sentences: the meeting sentence inputs read from the ranking.
"""
