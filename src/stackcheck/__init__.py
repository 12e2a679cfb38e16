"""stackcheck: find what AWS or the Terraform provider will reject before you deploy."""

__version__ = "0.1.0"
