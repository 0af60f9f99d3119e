"""digest: a static research-digest site generator with an embedded evidence database."""

__version__ = "0.1.0"
