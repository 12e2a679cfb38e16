"""The one resource model every framework loads into."""

from stackcheck.model.resource import Output, Resource, Stack, Variable
from stackcheck.model.values import Encoded, Unknown, is_known

__all__ = ["Encoded", "Output", "Resource", "Stack", "Unknown", "Variable", "is_known"]
