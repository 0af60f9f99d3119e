"""Reading editors' files: YAML with its lines, the entry schema, the vocabularies,
validation, loading into Entry objects, and the prose checks of `digest check`."""
