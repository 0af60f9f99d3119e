"""The site and the newsletter: the docs tree, one module per page kind (pages/), charts,
feeds, search, incremental and reproducible builds, the live preview, and the build that
renders with MkDocs into staging and swaps it in."""
