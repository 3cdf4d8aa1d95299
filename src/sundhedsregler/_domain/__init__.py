"""The domain wing: pure functions and reference data over the models (no rules, no engine)."""
