"""The check wing: reading input, running batches, and rendering reports."""
