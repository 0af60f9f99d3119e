"""`python -m digest` runs the command-line interface."""

from digest.cli import cli

if __name__ == "__main__":  # not when a spawned process imports it as __mp_main__
    cli()
