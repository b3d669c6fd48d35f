"""Plotly chart builders and the one look (palette, fonts, layout defaults) shared by the pages (layouts/)
and the exports (server/exports/): a neutral package below both."""
