"""Renderers: findings in, text out. They know the finding contract, not the rules."""
