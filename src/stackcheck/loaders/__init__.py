"""Loaders: one per framework, each turning files into model Stacks. They know syntax, not rules."""
