"""Blueprints, one per area of the explorer; each view is a few lines over a data function."""
