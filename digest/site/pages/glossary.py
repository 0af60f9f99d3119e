"""The glossary page, /glossary/: what the effect sizes and statistics mean."""

from __future__ import annotations

from digest.site.glossary import glossary
from digest.site.pages import paths
from digest.site.pages.render import page


def glossary_page() -> str:
    meta = {
        "title": "Glossary",
        "section": paths.EVIDENCE,
        "description": "What the effect sizes and statistics in the summaries mean.",
    }
    return page("glossary.md.j2", paths.GLOSSARY, meta, terms=glossary())
