"""Citations: BibTeX files to Citation objects, APA references through Pandoc's citeproc,
and citations as printed in old archive pages."""
