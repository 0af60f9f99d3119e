"""What every layer shares: the model (frozen dataclasses), errors, markup cleaning, progress
and tabular output. Imports nothing else from digest."""
