"""The evidence layer: the DuckDB database, its open-data exports, the evidence matrix,
and the formatting of numbers, intervals and citations for every output."""
